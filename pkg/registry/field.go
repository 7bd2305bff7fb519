package registry

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Field describes one setting of a provider's profile section. The schema
// drives `insure configure`, `profile add --set` checks, `profile show`
// masking, completion and the INSURE_<PROVIDER>_<FIELD> overrides.
type Field struct {
	Key     string // as written in config.yaml, lower-case: "secret-key"
	Label   string // what the wizard asks
	Secret  bool   // masked everywhere; never from a flag; may live in the OS keyring
	Default string
	Example string
	// Choices are the only values allowed (compared without case), for
	// completion and the wizard; empty means free text.
	Choices []string
	// Check validates a value on write and on load; nil accepts any text.
	Check func(string) error
	// Bool says the value is true or false, so completion offers those
	// two. It leaves validation to Check (CheckBool): Choices would
	// refuse 1, t and the other spellings strconv.ParseBool accepts,
	// which a saved profile may already hold.
	Bool bool
}

// Suggestions are the values completion offers for the field: its
// Choices, or true and false for a Bool field; nil for free text.
func (f Field) Suggestions() []string {
	if len(f.Choices) > 0 {
		return f.Choices
	}
	if f.Bool {
		return []string{"true", "false"}
	}
	return nil
}

// Validate checks v against the field's rules. An empty value is always
// accepted here: whether a setting is required depends on the command.
func (f Field) Validate(v string) error {
	if v == "" {
		return nil
	}
	if len(f.Choices) > 0 {
		ok := false
		for _, c := range f.Choices {
			if strings.EqualFold(c, strings.TrimSpace(v)) {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf("must be one of %s (got %q)", strings.Join(f.Choices, ", "), v)
		}
	}
	if f.Check != nil {
		return f.Check(v)
	}
	return nil
}

// EnvName is INSURE_<PROVIDER>_<FIELD> with dashes as underscores.
func EnvName(provider, key string) string {
	return "INSURE_" + strings.ToUpper(strings.ReplaceAll(provider+"_"+key, "-", "_"))
}

// CheckURL accepts an absolute http or https URL with a host.
func CheckURL(v string) error {
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("must be an absolute http:// or https:// URL with a host (got %q)", v)
	}
	return nil
}

// CheckBool accepts true or false (and what strconv.ParseBool accepts).
func CheckBool(v string) error {
	if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
		return fmt.Errorf("must be true or false (got %q)", v)
	}
	return nil
}

// CheckMaxLen limits a value's length in characters.
func CheckMaxLen(n int) func(string) error {
	return func(v string) error {
		if c := len([]rune(v)); c > n {
			return fmt.Errorf("must be at most %d characters (got %d)", n, c)
		}
		return nil
	}
}

// CheckDurationOrSeconds accepts a Go duration ("2h", "90m") or whole
// seconds ("7200"), at least one second and a whole number of seconds.
func CheckDurationOrSeconds(v string) error {
	_, err := ParseDurationOrSeconds(v)
	return err
}

// ParseDurationOrSeconds reads a duration or whole seconds, at least one.
// A duration with a fraction of a second ("1.5s", "1500ms") is refused:
// the value is sent in whole seconds (Bihu's login timeout), so it would
// silently become another length than the one written.
func ParseDurationOrSeconds(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	d, err := time.ParseDuration(v)
	if err != nil {
		n, nerr := strconv.ParseInt(v, 10, 64)
		if nerr != nil && !errors.Is(nerr, strconv.ErrRange) {
			return 0, errors.New("is a duration like 2h or 90m, or whole seconds like 7200 (got " + strconv.Quote(v) + ")")
		}
		// More seconds than a Duration holds (about 292 years) would wrap
		// round to another length: 36028797018963969 became one second.
		if nerr != nil || n > math.MaxInt64/int64(time.Second) {
			return 0, fmt.Errorf("must be at most %d seconds (about 292 years), the longest span insure can hold (got %q)", math.MaxInt64/int64(time.Second), v)
		}
		d = time.Duration(n) * time.Second
	}
	if d < time.Second {
		return 0, errors.New("must be at least one second (got " + strconv.Quote(v) + ")")
	}
	if d%time.Second != 0 {
		return 0, errors.New("must be whole seconds (it is sent in seconds), such as 30m or 1800s (got " + strconv.Quote(v) + ")")
	}
	return d, nil
}

// Closest returns the one candidate s begins, else the candidate nearest
// to s by edit distance, or "" when
// none is near enough to be a likely typo.
func Closest(s string, candidates []string) string {
	// A name cut short (pao) means the one name it begins (paoding), which
	// edit distance alone can miss (ebao is nearer).
	var begun []string
	for _, c := range candidates {
		if s != "" && strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
			begun = append(begun, c)
		}
	}
	if len(begun) == 1 {
		return begun[0]
	}
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(2, len(s)/3) {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
