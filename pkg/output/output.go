// Package output prints a command's result in the format the user asked
// for: a table for people, JSON (or YAML, XML) for programs, or the
// provider's own bytes. --jq and --template apply to the JSON form.
package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	// text/template's fork without method calls: any reachable
	// text/template execution makes the linker keep every exported method
	// of every reachable type (templates call methods by name), 3 MB of
	// insure's binary and a share of every start-up. --template's data is
	// JSON's maps, lists and scalars, which have no methods to call.
	template "github.com/DataDog/datadog-agent/pkg/template/text"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/itchyny/gojq"
	"go.yaml.in/yaml/v3"
)

// Formats accepted by --output.
var Formats = []string{"table", "json", "yaml", "xml", "raw"}

// Options say how to print.
type Options struct {
	Format   string // one of Formats; resolved by the caller (table on a TTY, json otherwise)
	JQ       string
	Template string
	// Pretty indents JSON (on a terminal); compact JSON suits pipes and
	// line-oriented tools.
	Pretty bool
}

// Result is what a command hands to the printer.
type Result struct {
	// Data is the JSON form of the result.
	Data any
	// Raw is the provider's response body, for -o raw.
	Raw []byte
	// Table draws the human view; nil falls back to a key/value list of Data.
	Table func(w io.Writer) error
	// XMLRoot names the root element for -o xml (default "result").
	XMLRoot string
}

// ValidateOptions checks a format before anything runs; a bad one is a
// usage error (exit 2).
func ValidateOptions(o Options) error {
	if err := validateOptions(o); err != nil {
		return &failure.Error{Kind: failure.Usage, Message: err.Error(), Hint: "see `insure help formatting`"}
	}
	return nil
}

func validateOptions(o Options) error {
	ok := false
	for _, f := range Formats {
		if f == o.Format {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("--output must be one of %s (got %q)", strings.Join(Formats, ", "), o.Format)
	}
	if o.JQ != "" && o.Template != "" {
		return fmt.Errorf("--jq and --template cannot be used together")
	}
	if o.JQ != "" {
		if _, err := compileJQ(o.JQ); err != nil {
			return err
		}
	}
	if o.Template != "" {
		if _, err := parseTemplate(o.Template); err != nil {
			return err
		}
	}
	return nil
}

// compileJQ parses and compiles a --jq filter: an undefined function or
// variable, like a syntax error, is found before anything is sent.
func compileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("--jq: %v", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("--jq: %v", err)
	}
	return code, nil
}

func parseTemplate(tpl string) (*template.Template, error) {
	t, err := template.New("template").Funcs(templateFuncs).Parse(tpl)
	if err != nil {
		return nil, fmt.Errorf("--template: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return t, nil
}

// templateTypes names the JSON form's Go types as JSON does in template
// errors ("can't evaluate field x in type list").
var templateTypes = strings.NewReplacer("map[string]interface {}", "object", "[]interface {}", "list")

// filterError is a --jq or --template that failed on the data: the
// user's expression is at fault, so it is a usage error (exit 2), named
// as the flag's.
func filterError(err error) error {
	return &failure.Error{Kind: failure.Usage, Message: err.Error(), Err: err, Hint: "see `insure help formatting`"}
}

// Print writes r to w as o says.
func Print(w io.Writer, o Options, r Result) error {
	if o.JQ != "" {
		return printJQ(w, o, r.Data)
	}
	if o.Template != "" {
		return printTemplate(w, o, r.Data)
	}
	switch o.Format {
	case "raw":
		if r.Raw == nil {
			return writeJSON(w, r.Data, o.Pretty)
		}
		// The provider's bytes exactly: eBao signs the body as sent, so a
		// newline added to a saved answer would fail its signature check.
		// Only on a terminal does a missing final newline get one, so the
		// prompt starts on its own line.
		_, err := w.Write(r.Raw)
		if err == nil && o.Pretty && len(r.Raw) > 0 && r.Raw[len(r.Raw)-1] != '\n' {
			_, err = io.WriteString(w, "\n")
		}
		return err
	case "yaml":
		generic, err := toDisplay(r.Data)
		if err != nil {
			return err
		}
		// One write of the whole document: stdout masks an echoed secret
		// write by write (pkg/cmd/factory), and the YAML encoder wrote
		// in pieces of about 120 bytes, so a secret across two printed.
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(generic); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		_, err = w.Write(buf.Bytes())
		return err
	case "xml":
		generic, err := toDisplay(r.Data)
		if err != nil {
			return err
		}
		root := r.XMLRoot
		if root == "" {
			root = "result"
		}
		// One write, as for YAML.
		var buf bytes.Buffer
		if err := writeXML(&buf, root, generic); err != nil {
			return err
		}
		_, err = w.Write(buf.Bytes())
		return err
	case "table":
		if r.Table != nil {
			return printTable(w, r.Table)
		}
		return printTable(w, func(w io.Writer) error { return printKeyValues(w, r.Data) })
	default:
		return writeJSON(w, r.Data, o.Pretty)
	}
}

func writeJSON(w io.Writer, v any, pretty bool) error {
	enc := json.NewEncoder(jsonWriter{w})
	enc.SetEscapeHTML(false)
	if pretty {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// toGeneric turns a typed value into maps and slices through its JSON form,
// so every format shows the same field names.
func toGeneric(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return normaliseNumbers(out), nil
}

// toDisplay is toGeneric for the forms a person or a YAML, XML or
// template reader sees: a number that is not an integer prints as -o json
// prints it (1234567.5, not 1.2345675e+06).
func toDisplay(v any) (any, error) {
	g, err := toGeneric(v)
	if err != nil {
		return nil, err
	}
	return displayNumbers(g), nil
}

func displayNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = displayNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = displayNumbers(e)
		}
	case float64:
		return displayFloat(t)
	}
	return v
}

// displayFloat is a JSON number that is not an int. It compares as a
// float in a template and prints in encoding/json's notation: decimal
// between 1e-6 and 1e21, an exponent only beyond.
type displayFloat float64

func (f displayFloat) String() string {
	b, err := json.Marshal(float64(f))
	if err != nil { // NaN and infinities come from no JSON document
		return fmt.Sprint(float64(f))
	}
	return string(b)
}

// MarshalYAML writes the number as a YAML float in decimal notation,
// with the point even YAML 1.1 readers need to see a float (1.0e+21).
func (f displayFloat) MarshalYAML() (any, error) {
	s := f.String()
	if !strings.Contains(s, ".") {
		if i := strings.IndexAny(s, "eE"); i >= 0 {
			s = s[:i] + ".0" + s[i:]
		} else {
			s += ".0"
		}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}, nil
}

// gojq wants float64/int rather than json.Number.
func normaliseNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normaliseNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = normaliseNumbers(e)
		}
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return int(i)
		}
		f, _ := t.Float64()
		return f
	}
	return v
}

func printJQ(w io.Writer, o Options, data any) error {
	code, err := compileJQ(o.JQ)
	if err != nil {
		return filterError(err)
	}
	generic, err := toGeneric(data)
	if err != nil {
		return err
	}
	iter := code.Run(generic)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := v.(error); ok {
			return filterError(fmt.Errorf("--jq: %v", err))
		}
		// Strings print bare, as `jq -r` would: the common case is feeding
		// an id to the next command.
		// On a terminal they lose any control sequence (iostreams.Sanitize).
		if s, ok := v.(string); ok {
			if o.Pretty {
				s = iostreams.Sanitize(s)
			}
			if _, err := fmt.Fprintln(w, s); err != nil {
				return err
			}
			continue
		}
		if err := writeJSON(w, v, o.Pretty); err != nil {
			return err
		}
	}
}

var templateFuncs = template.FuncMap{
	// json writes what -o json writes: & < > as themselves.
	"json": func(v any) (string, error) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return "", err
		}
		return strings.TrimSuffix(string(EscapeJSONControls(b.Bytes())), "\n"), nil
	},
	"join":  strings.Join,
	"upper": strings.ToUpper,
	"lower": strings.ToLower,
}

// printTemplate executes the template into a buffer, so that a template
// failing half way prints nothing. On a terminal (pretty) the text loses
// every control sequence, as --jq strings and tables do: a provider's
// remark must not drive the terminal.
func printTemplate(w io.Writer, o Options, data any) error {
	t, err := parseTemplate(o.Template)
	if err != nil {
		return filterError(err)
	}
	generic, err := toDisplay(data)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, generic); err != nil {
		return filterError(fmt.Errorf("--template: %s", templateTypes.Replace(strings.TrimPrefix(err.Error(), "template: "))))
	}
	out := buf.String()
	if o.Pretty {
		out = iostreams.Sanitize(out)
	}
	_, err = io.WriteString(w, out)
	return err
}

// printKeyValues is the fallback human view: one "key: value" per line,
// nested values as compact JSON.
func printKeyValues(w io.Writer, data any) error {
	generic, err := toDisplay(data)
	if err != nil {
		return err
	}
	m, ok := generic.(map[string]any)
	if !ok {
		return writeJSON(w, generic, true)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kv := NewKeyValues()
	for _, k := range keys {
		kv.Add(k, Scalar(m[k]))
	}
	return kv.Render(w)
}

// Scalar renders a value for a table cell.
func Scalar(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case map[string]any, []any:
		b, _ := json.Marshal(t)
		return string(b)
	default:
		return fmt.Sprint(t)
	}
}
