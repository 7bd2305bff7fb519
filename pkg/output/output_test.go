package output

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

type rec struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

func render(t *testing.T, o Options, r Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := Print(&b, o, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFormats(t *testing.T) {
	data := []rec{{1, "宝骏"}, {2, "A&B"}}
	r := Result{Data: data, Raw: []byte("RAW-BYTES"), XMLRoot: "brands", Table: func(w io.Writer) error {
		t := NewTable(false, "id", "name")
		for _, d := range data {
			t.Row("x", d.Name)
		}
		return t.Render(w)
	}}
	cases := map[string]string{
		"json":  `[{"id":1,"name":"宝骏"},{"id":2,"name":"A&B"}]` + "\n",
		"raw":   "RAW-BYTES\n",
		"table": "id\tname\nx\t宝骏\nx\tA&B\n",
	}
	for f, want := range cases {
		if got := render(t, Options{Format: f}, r); got != want {
			t.Errorf("%s: %q, want %q", f, got, want)
		}
	}
	if got := render(t, Options{Format: "json", Pretty: true}, r); !strings.Contains(got, "\n  {\n    \"id\": 1,") {
		t.Errorf("pretty json: %q", got)
	}
	if got := render(t, Options{Format: "yaml"}, r); !strings.Contains(got, "- id: 1\n  name: 宝骏\n") {
		t.Errorf("yaml: %q", got)
	}
	if got := render(t, Options{Format: "xml"}, r); !strings.Contains(got, "<brands>") || !strings.Contains(got, "<name>A&amp;B</name>") {
		t.Errorf("xml: %q", got)
	}
}

func TestTerminalTableAligns(t *testing.T) {
	tb := NewTable(true, "id", "name")
	tb.Row("1", "宝骏")
	tb.Row("200", "x")
	var b bytes.Buffer
	if err := tb.Render(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || strings.Contains(b.String(), "\t") {
		t.Fatalf("%q", b.String())
	}
}

func TestValidateOptions(t *testing.T) {
	for _, o := range []Options{{Format: "html"}, {Format: "json", JQ: ".["}, {Format: "json", Template: "{{"}, {Format: "json", JQ: ".", Template: "x"}} {
		if ValidateOptions(o) == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if ValidateOptions(Options{Format: "table", JQ: ".a"}) != nil {
		t.Error("good options refused")
	}
}
