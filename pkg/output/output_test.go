package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
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
		"raw":   "RAW-BYTES", // in a pipe: the bytes as received, nothing added
		"table": "id\tname\nx\t宝骏\nx\tA&B\n",
	}
	for f, want := range cases {
		if got := render(t, Options{Format: f}, r); got != want {
			t.Errorf("%s: %q, want %q", f, got, want)
		}
	}
	if got := render(t, Options{Format: "raw", Pretty: true}, r); got != "RAW-BYTES\n" {
		t.Errorf("raw on a terminal: %q, want a final newline", got)
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

// An undefined jq function or variable is found by compiling the filter,
// before anything is sent, like a syntax error.
func TestValidateOptionsCompilesJQ(t *testing.T) {
	for _, jq := range []string{"$x", "nosuchfn(1)", "input"} {
		err := ValidateOptions(Options{Format: "json", JQ: jq})
		if err == nil || failure.KindOf(err).ExitCode() != 2 || !strings.HasPrefix(err.Error(), "--jq: ") {
			t.Errorf("--jq %q: %v, want a usage error (exit 2) naming --jq", jq, err)
		}
	}
}

// A filter that fails on the data is the user's expression at fault: exit
// 2 with the flag named, and a template prints nothing of a failed run.
func TestFilterRuntimeErrorsAreUsageErrors(t *testing.T) {
	data := []rec{{1, "宝骏"}}
	for _, o := range []Options{
		{Format: "json", JQ: ".name"},
		{Format: "json", Template: "{{range .}}{{.id}}{{end}}{{.name}}"},
	} {
		var b bytes.Buffer
		err := Print(&b, o, Result{Data: data})
		if err == nil || failure.KindOf(err).ExitCode() != 2 {
			t.Errorf("%+v: %v (exit %d), want exit 2", o, err, failure.KindOf(err).ExitCode())
			continue
		}
		flag := "--jq: "
		if o.Template != "" {
			flag = "--template: "
			if b.Len() != 0 {
				t.Errorf("a failed template printed %q", b.String())
			}
			if !strings.Contains(err.Error(), "can't evaluate field name in type list") {
				t.Errorf("template error does not say what is wrong: %v", err)
			}
		}
		if !strings.HasPrefix(err.Error(), flag) {
			t.Errorf("%q does not name %s", err, flag)
		}
	}
}

// On a terminal a template's output loses control sequences, as --jq
// strings and tables do; a pipe gets the bytes.
func TestTemplateOnTerminalIsSanitized(t *testing.T) {
	r := Result{Data: map[string]string{"remark": "a\x1b]0;pwned\x07b\x1b[2Jc"}}
	if got := render(t, Options{Format: "json", Template: "{{.remark}}", Pretty: true}, r); got != "abc" {
		t.Errorf("terminal: %q", got)
	}
	if got := render(t, Options{Format: "json", Template: "{{.remark}}"}, r); got != "a\x1b]0;pwned\x07b\x1b[2Jc" {
		t.Errorf("pipe: %q", got)
	}
}

func TestTemplateJSONFuncMatchesJSONOutput(t *testing.T) {
	r := Result{Data: []rec{{2, "A&B <x>"}}}
	if got := render(t, Options{Format: "json", Template: "{{range .}}{{json .}}{{end}}"}, r); got != `{"id":2,"name":"A&B <x>"}` {
		t.Errorf("%q", got)
	}
}

// A number that is not an integer prints as -o json prints it in every
// other form: an amount of 1234567.5 is not 1.2345675e+06.
func TestNumbersKeepDecimalNotation(t *testing.T) {
	r := Result{Data: json.RawMessage(`{"amount":1234567.5,"round":1000000.0,"tiny":0.00001}`)}
	if got := render(t, Options{Format: "yaml"}, r); got != "amount: 1234567.5\nround: 1000000.0\ntiny: 0.00001\n" {
		t.Errorf("yaml: %q", got)
	}
	if got := render(t, Options{Format: "xml"}, r); !strings.Contains(got, "<amount>1234567.5</amount>") || !strings.Contains(got, "<round>1000000</round>") || !strings.Contains(got, "<tiny>0.00001</tiny>") {
		t.Errorf("xml: %q", got)
	}
	if got := render(t, Options{Format: "table"}, r); got != "amount: 1234567.5\nround:  1000000\ntiny:   0.00001\n" {
		t.Errorf("table: %q", got)
	}
	if got := render(t, Options{Format: "json", Template: `{{.amount}} {{if gt .amount 1000.0}}big{{end}}`}, r); got != "1234567.5 big" {
		t.Errorf("template: %q", got)
	}
	if got := render(t, Options{Format: "json", JQ: ".amount"}, r); got != "1234567.5\n" {
		t.Errorf("jq: %q", got)
	}
}

// DEL and C1 controls are character references in -o xml: the same text
// for an XML reader, inert for a terminal.
func TestXMLEscapesC1Controls(t *testing.T) {
	remark := "a\u009b2Jb\x7fc\u0085"
	got := render(t, Options{Format: "xml"}, Result{Data: map[string]string{"remark": remark, "k\u009bey": "v"}})
	if strings.ContainsAny(got, "\u009b\x7f\u0085") || !strings.Contains(got, "<remark>a&#x9B;2Jb&#x7F;c&#x85;</remark>") {
		t.Fatalf("%q", got)
	}
	var back struct {
		Remark string `xml:"remark"`
	}
	if err := xml.Unmarshal([]byte(got), &back); err != nil || back.Remark != remark {
		t.Errorf("round trip: %q, %v", back.Remark, err)
	}
}

type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// A closed stdout is an error for every form, a bare --jq string too: an
// act's caller turns it into exit 8 rather than report a printed result.
func TestPrintReportsWriteErrors(t *testing.T) {
	r := Result{Data: map[string]string{"orderId": "X-1"}}
	for _, o := range []Options{{Format: "json"}, {Format: "json", JQ: ".orderId"}, {Format: "json", Template: "{{.orderId}}"}, {Format: "yaml"}, {Format: "xml"}, {Format: "table"}} {
		if err := Print(brokenPipe{}, o, r); err == nil {
			t.Errorf("%+v: a failed write was not reported", o)
		}
	}
}
