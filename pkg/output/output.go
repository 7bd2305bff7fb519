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
	"text/template"

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
		if _, err := gojq.Parse(o.JQ); err != nil {
			return fmt.Errorf("--jq: %v", err)
		}
	}
	if o.Template != "" {
		if _, err := template.New("t").Funcs(templateFuncs).Parse(o.Template); err != nil {
			return fmt.Errorf("--template: %v", err)
		}
	}
	return nil
}

// Print writes r to w as o says.
func Print(w io.Writer, o Options, r Result) error {
	if o.JQ != "" {
		return printJQ(w, o, r.Data)
	}
	if o.Template != "" {
		return printTemplate(w, o.Template, r.Data)
	}
	switch o.Format {
	case "raw":
		if r.Raw == nil {
			return writeJSON(w, r.Data, o.Pretty)
		}
		_, err := w.Write(r.Raw)
		if len(r.Raw) > 0 && r.Raw[len(r.Raw)-1] != '\n' {
			_, err = io.WriteString(w, "\n")
		}
		return err
	case "yaml":
		generic, err := toGeneric(r.Data)
		if err != nil {
			return err
		}
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(generic); err != nil {
			return err
		}
		return enc.Close()
	case "xml":
		generic, err := toGeneric(r.Data)
		if err != nil {
			return err
		}
		root := r.XMLRoot
		if root == "" {
			root = "result"
		}
		return writeXML(w, root, generic)
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
	q, err := gojq.Parse(o.JQ)
	if err != nil {
		return fmt.Errorf("--jq: %v", err)
	}
	generic, err := toGeneric(data)
	if err != nil {
		return err
	}
	iter := q.Run(generic)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := v.(error); ok {
			return fmt.Errorf("--jq: %v", err)
		}
		// Strings print bare, as `jq -r` would: the common case is feeding
		// an id to the next command.
		// On a terminal they lose any control sequence (iostreams.Sanitize).
		if s, ok := v.(string); ok {
			if o.Pretty {
				s = iostreams.Sanitize(s)
			}
			fmt.Fprintln(w, s)
			continue
		}
		if err := writeJSON(w, v, o.Pretty); err != nil {
			return err
		}
	}
}

var templateFuncs = template.FuncMap{
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"join":  strings.Join,
	"upper": strings.ToUpper,
	"lower": strings.ToLower,
}

func printTemplate(w io.Writer, tpl string, data any) error {
	t, err := template.New("output").Funcs(templateFuncs).Parse(tpl)
	if err != nil {
		return fmt.Errorf("--template: %v", err)
	}
	generic, err := toGeneric(data)
	if err != nil {
		return err
	}
	return t.Execute(w, generic)
}

// printKeyValues is the fallback human view: one "key: value" per line,
// nested values as compact JSON.
func printKeyValues(w io.Writer, data any) error {
	generic, err := toGeneric(data)
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
