package purchase

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"go.yaml.in/yaml/v3"
)

// Answer is one value for a form control: --set [GROUP[N].]KEY=VALUE.
type Answer struct {
	Group string `json:"group,omitempty"`
	// Index picks, when Indexed, one of several groups of the type Group,
	// from 0 (GROUP[N].KEY); an answer without one is for a form that has
	// one group of the type.
	Index   int    `json:"index,omitempty"`
	Indexed bool   `json:"indexed,omitempty"`
	Key     string `json:"key"`
	Value   string `json:"value"`
}

// Field is the answer's name as given: KEY, GROUP.KEY or GROUP[N].KEY.
func (x Answer) Field() string {
	return strings.TrimPrefix(GroupName(x.Group, x.Index, x.Indexed)+"."+x.Key, ".")
}

// fits says whether x answers control key of the index-th group of type
// group; repeated says the form has several groups of that type, which an
// answer must then tell apart by its index.
func (x Answer) fits(group string, index int, repeated bool, key string) bool {
	switch {
	case x.Key != key:
		return false
	case x.Indexed:
		return x.Group == group && x.Index == index
	}
	return !repeated && (x.Group == "" || x.Group == group)
}

// maxGroupIndex bounds GROUP[N]: a form repeats a group for a few people,
// and a mistyped index must not build thousands of empty groups.
const maxGroupIndex = 99

// Answers are the values a script gives for form controls, in the order
// given; a later one for the same control wins.
type Answers struct {
	list []Answer
	used map[int]bool
}

// Add appends an answer.
func (a *Answers) Add(group, key, value string) {
	a.list = append(a.list, Answer{Group: group, Key: key, Value: value})
}

// AddAt appends an answer for the index-th group of type group.
func (a *Answers) AddAt(group string, index int, key, value string) {
	a.list = append(a.list, Answer{Group: group, Index: index, Indexed: true, Key: key, Value: value})
}

// Lookup finds the answer for the control group.key of a form with one
// group of that type. See For.
func (a *Answers) Lookup(group, key string) (string, bool) { return a.find(group, 0, false, key) }

// For finds the answer for a control: the last answer naming its key with
// its group (and, in a repeated group, its index) or with no group. It
// marks the answer used, so Unused does not send it a second time.
func (a *Answers) For(c Control) (string, bool) { return a.find(c.Group, c.Index, c.Repeated, c.Key()) }

func (a *Answers) find(group string, index int, repeated bool, key string) (string, bool) {
	if a == nil {
		return "", false
	}
	found, v := false, ""
	for i, x := range a.list {
		if x.fits(group, index, repeated, key) {
			found, v = true, x.Value
			a.markUsed(i)
		}
	}
	return v, found
}

// unplaced lists, as errors, the answers for control key of the repeated
// group g that do not say which of its groups they are for: several
// people's details must not be guessed from one value.
func (a *Answers) unplaced(g FormGroup, key string) []failure.FieldError {
	if a == nil {
		return nil
	}
	var bad []failure.FieldError
	for i, x := range a.list {
		if x.Key == key && !x.Indexed && (x.Group == "" || x.Group == g.Type) {
			a.markUsed(i)
			bad = append(bad, failure.FieldError{Field: x.Field(),
				Rule:    fmt.Sprintf("the form has %d %s groups; say which one, counting from 0", g.Count, g.Type),
				Example: "--set " + GroupName(g.Type, 0, true) + "." + key + "=" + x.Value})
		}
	}
	return bad
}

// List returns the answers in the order given, for a caller that places
// them itself (insure api sunshine --set edits a request file's groups).
func (a *Answers) List() []Answer {
	if a == nil {
		return nil
	}
	return append([]Answer(nil), a.list...)
}

// Has says whether some answer's key satisfies pred.
func (a *Answers) Has(pred func(key string) bool) bool {
	if a == nil {
		return false
	}
	for _, x := range a.list {
		if pred(x.Key) {
			return true
		}
	}
	return false
}

// Get is Lookup without marking, by key only (the last one wins).
func (a *Answers) Get(key string) (string, bool) {
	if a == nil {
		return "", false
	}
	for i := len(a.list) - 1; i >= 0; i-- {
		if a.list[i].Key == key {
			return a.list[i].Value, true
		}
	}
	return "", false
}

// Unused returns the answers no control asked for, as input groups: the
// platform takes inputs it did not ask for (packageType, cov_*), so they
// are sent too, GROUP[N] answers in the N-th group of their type.
func (a *Answers) Unused(skip func(key string) bool) []sunshine.Inputs {
	if a == nil {
		return nil
	}
	last := map[string]int{}
	for i, x := range a.list {
		if !a.used[i] && (skip == nil || !skip(x.Key)) {
			last[slotKey(x.Group, x.Index)+"\x00"+x.Key] = i
		}
	}
	idx := make([]int, 0, len(last))
	for _, i := range last {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var set groupSet
	for _, i := range idx {
		x := a.list[i]
		set.add(x.Group, x.Index, sunshine.Input{Name: x.Key, Value: x.Value})
		a.markUsed(i)
	}
	return set.list()
}

func (a *Answers) markUsed(i int) {
	if a.used == nil {
		a.used = map[int]bool{}
	}
	a.used[i] = true
}

// ParseSets reads --set values: KEY=VALUE, GROUP.KEY=VALUE, or
// GROUP[N].KEY=VALUE for the N-th (from 0) of several groups of one type.
// Every bad one is reported at once.
func ParseSets(a *Answers, sets []string) error {
	var bad []failure.FieldError
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			bad = append(bad, failure.FieldError{Field: "--set " + s, Rule: "must be KEY=VALUE, GROUP.KEY=VALUE or GROUP[N].KEY=VALUE", Example: "--set ownerIdNo=110101199003070011"})
			continue
		}
		g, key, dotted := strings.Cut(k, ".")
		if !dotted {
			g, key = "", k
		}
		group, index, indexed, rule := parseGroup(g)
		switch {
		case rule != "":
			bad = append(bad, failure.FieldError{Field: "--set " + s, Rule: rule, Example: "--set driverInfo[1].driverName=李四"})
			continue
		case key == "":
			bad = append(bad, failure.FieldError{Field: "--set " + s, Rule: "the key after the group is empty"})
			continue
		case strings.ContainsAny(key, "[]"):
			bad = append(bad, failure.FieldError{Field: "--set " + s, Rule: "an index belongs to the group: GROUP[N].KEY=VALUE",
				Example: "--set driverInfo[1].driverName=李四"})
			continue
		}
		if indexed {
			a.AddAt(group, index, key, v)
		} else {
			a.Add(group, key, v)
		}
	}
	if len(bad) > 0 {
		return failure.Invalid(sunshine.Provider, "", bad...)
	}
	return nil
}

// parseGroup reads GROUP or GROUP[N]; rule says what is wrong, if anything.
func parseGroup(g string) (group string, index int, indexed bool, rule string) {
	name, rest, found := strings.Cut(g, "[")
	if !found {
		return g, 0, false, ""
	}
	digits, ok := strings.CutSuffix(rest, "]")
	n, err := strconv.Atoi(digits)
	switch {
	case name == "":
		return "", 0, false, "an index needs its group: GROUP[N].KEY=VALUE"
	case !ok || err != nil || n < 0 || strings.HasPrefix(digits, "+"):
		return "", 0, false, "the group index is a whole number in brackets, counting from 0"
	case n > maxGroupIndex:
		return "", 0, false, fmt.Sprintf("the group index is at most %d", maxGroupIndex)
	}
	return name, n, true, ""
}

// ReadAnswersFile reads -f: a YAML or JSON mapping of KEY: VALUE, of
// GROUP: {KEY: VALUE}, or of GROUP: [{KEY: VALUE}, ...] for several groups
// of one type in order; or a request file (examples/sunshine/*.yaml),
// whose inputsList is taken.
func ReadAnswersFile(a *Answers, in io.Reader, path string) error {
	b, err := cmdutil.ReadFile(path, in, 1<<20)
	if err != nil {
		err.(*failure.Error).Provider = sunshine.Provider
		return err
	}
	v, err := decodeLiteral(b)
	doc, isMap := v.(map[string]any)
	if err != nil || (!isMap && v != nil) {
		why := "it is not a mapping"
		if err != nil {
			why = err.Error()
		}
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Message: fmt.Sprintf("-f %s is not a YAML or JSON mapping: %v; nothing was sent", path, why),
			Hint: "write KEY: VALUE lines, GROUP: {KEY: VALUE}, or GROUP: [{KEY: VALUE}, ...] for repeated groups; see examples/sunshine/answers-*.yaml"}
	}
	if _, ok := doc["inputsList"]; ok {
		var spec sunshine.RequestSpec
		if err := yaml.Unmarshal(b, &spec); err != nil {
			return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Message: fmt.Sprintf("-f %s: %v", path, err)}
		}
		// The n-th group of a type in the file answers the n-th group of
		// that type in the form, as it would on the wire.
		for gi, slot := range slots(spec.InputsList) {
			g := spec.InputsList[gi]
			for _, i := range g.Inputs {
				if g.Type == "" {
					a.Add("", i.Name, i.Value)
				} else {
					a.AddAt(g.Type, slot, i.Name, i.Value)
				}
			}
		}
		return nil
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := doc[k]
		if m, ok := v.(map[string]any); ok {
			for _, sk := range sortedKeys(m) {
				a.Add(k, sk, scalar(m[sk]))
			}
			continue
		}
		groups, ok := groupList(v)
		if !ok {
			a.Add("", k, scalar(v))
			continue
		}
		// GROUP: [{KEY: VALUE}, ...] answers repeated groups in order.
		if len(groups) > maxGroupIndex+1 {
			return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider,
				Message: fmt.Sprintf("-f %s: %s lists %d groups, at most %d; nothing was sent", path, k, len(groups), maxGroupIndex+1)}
		}
		for i, m := range groups {
			for _, sk := range sortedKeys(m) {
				a.AddAt(k, i, sk, scalar(m[sk]))
			}
		}
	}
	return nil
}

// groupList is v as a list of mappings, one per group; ok is false for
// anything else.
func groupList(v any) ([]map[string]any, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	out := make([]map[string]any, len(list))
	for i, item := range list {
		if out[i], ok = item.(map[string]any); !ok {
			return nil, false
		}
	}
	return out, true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// scalar renders a value of decodeLiteral as the platform's text:
// scalars as written, true and false as 1 and 0.
func scalar(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case bool:
		if t {
			return "1"
		}
		return "0"
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

// LoadAnswers combines -f (first) and --set (later, so they win).
func LoadAnswers(in io.Reader, file string, sets []string) (*Answers, error) {
	a := &Answers{}
	if file != "" {
		if err := ReadAnswersFile(a, in, file); err != nil {
			return nil, err
		}
	}
	if err := ParseSets(a, sets); err != nil {
		return nil, err
	}
	return a, nil
}
