package purchase

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"go.yaml.in/yaml/v3"
)

// Answer is one value for a form control: --set [GROUP.]KEY=VALUE.
type Answer struct {
	Group string `json:"group,omitempty"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

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

// Lookup finds the answer for the control group.key: the last answer
// naming that key with that group or with none. It marks the answer used,
// so Unused does not send it a second time.
func (a *Answers) Lookup(group, key string) (string, bool) {
	if a == nil {
		return "", false
	}
	found, v := false, ""
	for i, x := range a.list {
		if x.Key == key && (x.Group == "" || x.Group == group) {
			found, v = true, x.Value
			a.markUsed(i)
		}
	}
	return v, found
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
// are sent too.
func (a *Answers) Unused(skip func(key string) bool) []sunshine.Inputs {
	if a == nil {
		return nil
	}
	last := map[string]int{}
	for i, x := range a.list {
		if !a.used[i] && (skip == nil || !skip(x.Key)) {
			last[x.Group+"\x00"+x.Key] = i
		}
	}
	idx := make([]int, 0, len(last))
	for _, i := range last {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var out []sunshine.Inputs
	pos := map[string]int{}
	for _, i := range idx {
		x := a.list[i]
		p, ok := pos[x.Group]
		if !ok {
			p = len(out)
			pos[x.Group] = p
			out = append(out, sunshine.Inputs{Type: x.Group})
		}
		out[p].Inputs = append(out[p].Inputs, sunshine.Input{Name: x.Key, Value: x.Value})
		a.markUsed(i)
	}
	return out
}

func (a *Answers) markUsed(i int) {
	if a.used == nil {
		a.used = map[int]bool{}
	}
	a.used[i] = true
}

// ParseSets reads --set values: KEY=VALUE or GROUP.KEY=VALUE. Every bad
// one is reported at once.
func ParseSets(a *Answers, sets []string) error {
	var bad []failure.FieldError
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			bad = append(bad, failure.FieldError{Field: "--set " + s, Rule: "must be KEY=VALUE or GROUP.KEY=VALUE", Example: "--set ownerIdNo=110101199003070016"})
			continue
		}
		g, key, dotted := strings.Cut(k, ".")
		if !dotted {
			g, key = "", k
		}
		if key == "" {
			bad = append(bad, failure.FieldError{Field: "--set " + s, Rule: "the key after the group is empty"})
			continue
		}
		a.Add(g, key, v)
	}
	if len(bad) > 0 {
		return failure.Invalid(sunshine.Provider, "", bad...)
	}
	return nil
}

// ReadAnswersFile reads -f: a YAML or JSON mapping of KEY: VALUE, or of
// GROUP: {KEY: VALUE}; or a request file (examples/sunshine/*.yaml), whose
// inputsList is taken.
func ReadAnswersFile(a *Answers, in io.Reader, path string) error {
	b, err := cmdutil.ReadFile(path, in, 1<<20)
	if err != nil {
		err.(*failure.Error).Provider = sunshine.Provider
		return err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Message: fmt.Sprintf("-f %s is not a YAML or JSON mapping: %v; nothing was sent", path, err),
			Hint: "write KEY: VALUE lines, or GROUP: {KEY: VALUE}; see examples/sunshine/answers-*.yaml"}
	}
	if _, ok := doc["inputsList"]; ok {
		var spec sunshine.RequestSpec
		if err := yaml.Unmarshal(b, &spec); err != nil {
			return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Message: fmt.Sprintf("-f %s: %v", path, err)}
		}
		for _, g := range spec.InputsList {
			for _, i := range g.Inputs {
				a.Add(g.Type, i.Name, i.Value)
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
		switch v := doc[k].(type) {
		case map[string]any:
			sub := make([]string, 0, len(v))
			for sk := range v {
				sub = append(sub, sk)
			}
			sort.Strings(sub)
			for _, sk := range sub {
				a.Add(k, sk, scalar(v[sk]))
			}
		default:
			a.Add("", k, scalar(v))
		}
	}
	return nil
}

// scalar renders a YAML value as the platform's text; numbers keep the
// form YAML gave them as far as Go can tell (quote them to be exact).
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
