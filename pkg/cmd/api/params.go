package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/internal/jsonkeys"
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
		if err := checkParamsFile(opts.File, provider, op, b); err != nil {
			return nil, err
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
	var badSets []failure.FieldError
	for _, s := range opts.Sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			badSets = append(badSets, failure.FieldError{Field: "--set " + s, Rule: "must be KEY=VALUE (an empty value is KEY=)", Example: setExamples[provider]})
			continue
		}
		if !utf8.ValidString(s) {
			badSets = append(badSets, failure.FieldError{Field: "--set " + k, Rule: notUTF8Arg, Example: setExamples[provider]})
			continue
		}
		for fk := range params {
			if !fromSet[fk] && strings.EqualFold(fk, k) {
				delete(params, fk)
			}
		}
		params[k] = v
		fromSet[k] = true
	}
	if len(badSets) > 0 {
		return nil, failure.Invalid(provider, op, badSets...)
	}
	return params, nil
}

// notUTF8Arg is the rule a command-line value breaks when a terminal set
// to GBK typed it: JSON would send U+FFFD in its place, and a signature
// over its bytes would match nothing the server reads.
const notUTF8Arg = "is not UTF-8 (typed in a terminal set to GBK?): parameters are sent as UTF-8; set the terminal or LANG to UTF-8, or put the value in a UTF-8 -f file"

// setExamples is a good --set for each provider whose operations take
// named parameters, for the error that refuses a bad one.
var setExamples = map[string]string{"paoding": "--set orderId=DEMO-1", "bihu": "--set LicenseNo=京J97896"}

// checkParamsFile refuses, before anything is sent, a parameters file the
// decoders would read as something other than what it says: bytes that
// are not UTF-8 (a file saved as GBK, whose plate or name would go out as
// U+FFFD replacement characters, signed as such) and a JSON object naming
// one parameter twice (encoding/json keeps the last silently; YAML's
// decoder already refuses a repeated key).
func checkParamsFile(file, provider, op string, b []byte) error {
	field, name := "-f "+file, file
	if file == "-" {
		field, name = "stdin (-f -)", "params.json"
	}
	if !utf8.Valid(b) {
		return failure.Invalid(provider, op, failure.FieldError{Field: field,
			Rule:    "is not UTF-8 (a file saved as GBK?): parameters are read and sent as UTF-8",
			Example: "iconv -f GBK -t UTF-8 " + name + " > utf8-" + filepath.Base(name)})
	}
	var bad []failure.FieldError
	for _, k := range jsonkeys.Repeated(b) {
		bad = append(bad, failure.FieldError{Field: k, Rule: "is given twice in " + field + ": give each parameter once", Example: fmt.Sprintf(`{"%s": "..."}`, k)})
	}
	if len(bad) > 0 {
		return failure.Invalid(provider, op, bad...)
	}
	return nil
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
