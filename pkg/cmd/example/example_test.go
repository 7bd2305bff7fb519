package example

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

func runExample(t *testing.T, tty bool, args ...string) (*cmdtest.Env, error) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{TTY: tty})
	cmd := NewCmdExample(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return e, cmd.Execute()
}

func TestNewCmdExampleFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdExample(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"paoding", "buy"})
	if err := cmd.Execute(); err != nil || got.Provider != "paoding" || got.Operation != "buy" {
		t.Fatalf("%v %+v", err, got)
	}
	cmd = NewCmdExample(e.F, func(*Options) error { return nil })
	cmd.SetArgs([]string{"a", "b", "c"})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err == nil {
		t.Error("three arguments were accepted")
	}
}

// The file printed is the repository's, byte for byte, on a terminal or
// in a pipe: it is meant to be redirected into a file and edited.
func TestExampleIsTheRepositorysFile(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "ebao", "quote.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tty := range []bool{false, true} {
		e, err := runExample(t, tty, "ebao", "quote")
		if err != nil || e.Out.String() != string(want) {
			t.Errorf("tty %v: %v, %d bytes, want %d", tty, err, e.Out.Len(), len(want))
		}
	}
}

func TestExampleListInAPipeIsJSONAndATableOnATerminal(t *testing.T) {
	e, err := runExample(t, false)
	var list []Entry
	if err != nil || json.Unmarshal(e.Out.Bytes(), &list) != nil || len(list) == 0 {
		t.Fatalf("%v %q", err, e.Out)
	}
	for _, l := range list {
		if _, err := os.Stat(filepath.Join("..", "..", "..", l.File)); err != nil {
			t.Errorf("listed %s: %v", l.File, err)
		}
	}
	e, err = runExample(t, true, "paoding")
	if err != nil || !strings.Contains(e.Out.String(), "examples/paoding/buy.json") || strings.Contains(e.Out.String(), "ebao") {
		t.Errorf("%v %q", err, e.Out)
	}
}

func TestUnknownExampleListsWhatThereIs(t *testing.T) {
	_, err := runExample(t, false, "paoding", "sell")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "paoding buy") || strings.Contains(fe.Hint, "ebao") {
		t.Fatalf("%v", err)
	}
}

// The names insure api and the guided commands give an operation find
// its example: what `insure api bihu renewal -f` takes is what
// `insure example bihu renewal` prints. Where there are several, the first
// is printed and stderr names the others.
func TestExampleByOperationName(t *testing.T) {
	for _, c := range []struct{ provider, op, file, other string }{
		{"bihu", "renewal", "bihu/renew-by-plate.json", "insure example bihu renew-by-vin"},
		{"bihu", "renew", "bihu/renew-by-plate.json", "insure example bihu renew-by-vin"},
		{"ebao", "quotation", "ebao/quote.json", ""},
		{"ebao", "issuance", "ebao/issue.json", ""},
		{"ebao", "cancellation", "ebao/cancel.json", ""},
		{"paoding", "report.buy", "paoding/buy.json", "insure example paoding buy-image"},
		{"sunshine", "quote", "sunshine/answers-quote.yaml", ""},
		{"sunshine", "issue", "sunshine/answers-issue.yaml", ""},
	} {
		want, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", c.file))
		if err != nil {
			t.Fatal(err)
		}
		e, err := runExample(t, false, c.provider, c.op)
		if err != nil || e.Out.String() != string(want) {
			t.Errorf("%s %s: %v, got %d bytes, want %s", c.provider, c.op, err, e.Out.Len(), c.file)
		}
		if !strings.Contains(e.ErrOut.String(), c.other) || (c.other == "" && e.ErrOut.Len() != 0) {
			t.Errorf("%s %s: stderr %q, want %q", c.provider, c.op, e.ErrOut, c.other)
		}
	}
}

// Every operation of every provider either has an example or, taking no
// request file, gets exit 2 with the provider's examples and operation
// names in the hint.
func TestExampleForEveryOperation(t *testing.T) {
	noFile := map[string]bool{"bihu signout": true, "paoding token.generate": true, "paoding token.refresh": true,
		"paoding brand.list": true, "paoding brandFactory.list": true, "paoding brandFactory.get": true, "paoding report.get": true}
	e := cmdtest.New(t, cmdtest.Options{})
	for _, p := range e.F.Registry.All() {
		for _, op := range p.Operations {
			name := p.Name + " " + op.Name
			_, err := runExample(t, false, p.Name, op.Name)
			var fe *failure.Error
			switch {
			case noFile[name] && (cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, p.Name+" ")):
				t.Errorf("%s: %v", name, err)
			case !noFile[name] && err != nil:
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	// The names the operations map to are examples that exist.
	listed := map[string]bool{}
	for _, l := range List() {
		listed[l.Provider+" "+l.Operation] = true
	}
	for _, d := range e.F.Registry.All() {
		for op, names := range d.ExampleAliases {
			for _, n := range names {
				if !listed[d.Name+" "+n] {
					t.Errorf("%s %s names %s, which is not an example", d.Name, op, n)
				}
			}
		}
	}
}

// A documented operation that has no example file is not "unknown": the
// error names the operation and says how to send it with insure api.
func TestExampleForAnOperationWithoutAFileSaysHowToSendIt(t *testing.T) {
	for _, c := range [][2]string{{"paoding", "report.get"}, {"paoding", "brandFactory.get"}, {"bihu", "signout"}} {
		_, err := runExample(t, false, c[0], c[1])
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
			t.Fatalf("%v: exit %d: %v", c, cmdutil.ExitCode(err), err)
		}
		if fe.Provider != c[0] || fe.Operation != c[1] || !strings.Contains(fe.Message, "no example for "+c[1]) ||
			!strings.Contains(fe.Hint, "insure api "+c[0]+" "+c[1]) {
			t.Errorf("%v: %s", c, cmdutil.ErrorJSON(err))
		}
	}
}

// --jq and --template pick a value out of the example, as they do out of
// every other command's output; they were ignored, and the whole file
// landed in the script's variable. A bad filter or -o is exit 2.
func TestExampleFiltersAndBadOutputOptions(t *testing.T) {
	for _, c := range []struct {
		args         []string
		jq, tpl, out string
		want         string
		wantExit     int
	}{
		{args: []string{"ebao", "quote"}, jq: ".channelCode", want: "AXA_TP\n"},
		{args: []string{"ebao", "quote"}, tpl: "{{.productId}}", want: "UbwoOpjMjt:1"},
		{args: []string{"sunshine", "050"}, jq: "type", want: "object\n"},
		{args: []string{"ebao", "quote"}, jq: ".[", wantExit: 2},
		{args: []string{"ebao", "quote"}, out: "bogus", wantExit: 2},
		{args: []string{"sunshine", "request-050"}, jq: ".", wantExit: 2},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.JQ, e.F.Globals.Template, e.F.Globals.Output = c.jq, c.tpl, c.out
		cmd := NewCmdExample(e.F, nil)
		cmd.SetArgs(c.args)
		cmd.SetOut(e.ErrOut)
		cmd.SetErr(e.ErrOut)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		if got := cmdutil.ExitCode(err); got != c.wantExit {
			t.Errorf("%v jq %q tpl %q -o %q: exit %d (%v), want %d", c.args, c.jq, c.tpl, c.out, got, err, c.wantExit)
			continue
		}
		if c.wantExit == 0 && e.Out.String() != c.want {
			t.Errorf("%v jq %q tpl %q: stdout %q, want %q", c.args, c.jq, c.tpl, e.Out.String(), c.want)
		}
	}
}
