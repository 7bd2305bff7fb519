// Package shared builds the Bihu client for the renew, token and sign
// commands from the profile, the HTTP client and the store.
package shared

import (
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
)

// Client returns a Bihu client for the selected profile. Missing or
// malformed settings are one usage error naming each field and its
// environment variable, so nothing is sent on a half-configured profile.
func Client(f *cmdutil.Factory) (*bihu.Client, *config.Profile, error) {
	p, err := f.Profile()
	if err != nil {
		return nil, nil, err
	}
	var bad []failure.FieldError
	get := func(key string) string { return p.Setting(bihu.Provider, key, true, &bad) }
	endpoint, agent, user, secret := get("endpoint"), get("agent-id"), get("username"), get("secret-key")
	timeout, ferr := SessionTimeout(p)
	if ferr != nil {
		bad = append(bad, *ferr)
	}
	lower, ferr := LowerHex(p)
	if ferr != nil {
		bad = append(bad, *ferr)
	}
	if len(bad) > 0 {
		e := failure.Invalid(bihu.Provider, "", bad...)
		e.Message = "the profile lacks usable Bihu settings; nothing was sent"
		return nil, nil, e
	}
	httpClient, err := f.HttpClient()
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Store()
	if err != nil {
		return nil, nil, err
	}
	return bihu.New(bihu.Config{
		BaseURL:        endpoint,
		AgentID:        agent,
		Username:       user,
		SecretKey:      secret,
		CityCode:       p.Value(bihu.Provider, "city-code"),
		SessionTimeout: timeout,
		LowerHex:       lower,
		HTTP:           httpClient,
		Tokens:         st.TokenCache(p.Name, bihu.Provider),
		Now:            f.Now,
		TokenScope:     tokenScope(p),
	}), p, nil
}

// SessionTimeout reads the profile's session-timeout: a Go duration
// ("2h", "90m"), or a bare number of seconds, which is the unit the login
// document uses. Empty means the client's default.
func SessionTimeout(p *config.Profile) (time.Duration, *failure.FieldError) {
	v := strings.TrimSpace(p.Value(bihu.Provider, "session-timeout"))
	if v == "" {
		return 0, nil
	}
	d, err := ParseSessionTimeout(v)
	if err != nil {
		return 0, &failure.FieldError{Field: "bihu.session-timeout", Rule: err.Error() + " (" + config.EnvName(bihu.Provider, "session-timeout") + ")", Example: "2h"}
	}
	return d, nil
}

// ParseSessionTimeout accepts a duration or whole seconds, at least one.
func ParseSessionTimeout(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	d, err := time.ParseDuration(v)
	if err != nil {
		n, nerr := strconv.ParseInt(v, 10, 64)
		if nerr != nil {
			return 0, errInvalid("is a duration like 2h or 90m, or whole seconds like 7200 (got " + strconv.Quote(v) + ")")
		}
		d = time.Duration(n) * time.Second
	}
	if d < time.Second {
		return 0, errInvalid("must be at least one second (got " + strconv.Quote(v) + ")")
	}
	return d, nil
}

// LowerHex reads the profile's hex-case: upper (the default) or lower.
func LowerHex(p *config.Profile) (bool, *failure.FieldError) {
	lower, err := ParseHexCase(p.Value(bihu.Provider, "hex-case"))
	if err != nil {
		return false, &failure.FieldError{Field: "bihu.hex-case", Rule: err.Error() + " (" + config.EnvName(bihu.Provider, "hex-case") + ")", Example: "upper"}
	}
	return lower, nil
}

// ParseHexCase says whether v asks for lower-case hex.
func ParseHexCase(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "upper":
		return false, nil
	case "lower":
		return true, nil
	}
	return false, errInvalid("must be upper or lower (got " + strconv.Quote(v) + ")")
}

type errInvalid string

func (e errInvalid) Error() string { return string(e) }

// tokenScope lets separate processes on the sandbox profile share a login:
// each starts its sandbox on a new port, but all share one sandbox state.
func tokenScope(p *config.Profile) string {
	if p.Sandbox {
		return "sandbox"
	}
	return ""
}
