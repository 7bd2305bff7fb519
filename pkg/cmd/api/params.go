package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"go.yaml.in/yaml/v3"
)

// readParams reads a flat request (a JSON or YAML object) from -f and
// applies --set KEY=VALUE, for the providers whose operations take named
// parameters (paoding, bihu). Values are kept as strings, which is how
// both providers' documents send them.
func readParams(opts *Options, provider, op string) (map[string]string, error) {
	params := map[string]string{}
	if opts.File != "" {
		b, err := cmdutil.ReadFile(opts.File, opts.IO.In, maxFile)
		if err != nil {
			fe := err.(*failure.Error)
			fe.Provider, fe.Operation = provider, op
			return nil, fe
		}
		// Values are sent as written: a number is its digits as in the
		// file (an order id of 20 digits, an engine number 0192209), not
		// what a float64 or YAML's octal and sexagesimal rules make of it.
		var raw map[string]any
		var literal map[string]string
		if json.Valid(b) {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			err = d.Decode(&raw)
		} else if err = yaml.Unmarshal(b, &raw); err == nil {
			literal = yamlScalars(b)
		}
		if err != nil {
			return nil, &failure.Error{Kind: failure.Usage, Provider: provider, Operation: op,
				Message: fmt.Sprintf("-f %s: %v; nothing was sent", opts.File, err), Hint: "the file is one JSON or YAML object of parameters; see insure example " + provider}
		}
		for k, v := range raw {
			switch t := v.(type) {
			case nil:
			case string:
				params[k] = t
			case json.Number:
				params[k] = t.String()
			default:
				if l, ok := literal[k]; ok {
					params[k] = l
					continue
				}
				b, _ := json.Marshal(t)
				params[k] = string(b)
			}
		}
	}
	// A --set replaces the file's parameter of the same name in any
	// spelling (the operations read names in any case, see paodingNames,
	// readLogin and bihu's renewalNames): the file's key is dropped, so
	// the two do not meet as one name given twice. Two spellings within
	// one source (two --set, or the file alone) are kept, and refused by
	// those checks as given twice.
	fromSet := map[string]bool{}
	for _, s := range opts.Sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return nil, &failure.Error{Kind: failure.Usage, Provider: provider, Operation: op,
				Message: fmt.Sprintf("--set %q: want KEY=VALUE; nothing was sent", s)}
		}
		for fk := range params {
			if !fromSet[fk] && strings.EqualFold(fk, k) {
				delete(params, fk)
			}
		}
		params[k] = v
		fromSet[k] = true
	}
	return params, nil
}

func unknownOperation(provider, op string, ops []string) error {
	sort.Strings(ops)
	return &failure.Error{Kind: failure.Usage, Provider: provider,
		Message: fmt.Sprintf("unknown %s operation %q; nothing was sent", provider, op),
		Hint:    didYouMean(suggestOperation(provider, op, ops), "one of: "+strings.Join(ops, ", "))}
}

// sortedKeys lists m's keys in order, so errors about them read the same
// every time.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// yamlScalars returns the top-level scalar values of a YAML mapping as
// written in the file (0192209, not 192209; 0012, not 10), so a value that
// YAML would read as a number is sent as the text the user typed.
func yamlScalars(b []byte) map[string]string {
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		v := m.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if v.Kind == yaml.ScalarNode && v.ShortTag() != "!!null" {
			out[m.Content[i].Value] = v.Value
		}
	}
	return out
}
