package list

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
)

const secret = "pw-Zq81-never-shown"

// twoProfiles has prod current, with a secret in the file that list has
// no reason to print.
const twoProfiles = `current-profile: prod
profiles:
  prod:
    ebao: {access-key: AK}
    paoding: {username: acme, password: ` + secret + `}
  staging:
    bihu: {agent-id: "102"}
`

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdList(e.F, nil)
	cmd.SetArgs(append([]string{}, args...))
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func hide(s string) string { return strings.ReplaceAll(s, secret, "<secret>") }

// seed writes the config file as another process would have and loads it.
func seed(t *testing.T, e *cmdtest.Env, yaml string) []byte {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.Config.Path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.Config.Path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	*e.Config = *c
	return []byte(yaml)
}

// unchanged checks list left the file as it was, mode included.
func unchanged(t *testing.T, e *cmdtest.Env, before []byte) {
	t.Helper()
	raw, err := os.ReadFile(e.Config.Path)
	if err != nil || string(raw) != string(before) {
		t.Errorf("list changed the file (%v)", err)
	}
	if st, err := os.Stat(e.Config.Path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("file mode changed: %v %v", st.Mode(), err)
	}
}

func TestNewCmdListTakesNoArguments(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdList(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{})
	if err := cmd.Execute(); err != nil || got == nil || got.IO != e.F.IOStreams {
		t.Fatalf("%v %+v", err, got)
	}
	err := run(e, "prod")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(e.F.IOStreams, err, false)
	if msg := e.ErrOut.String(); !strings.Contains(msg, `takes no arguments, got "prod"`) || !strings.Contains(msg, "list --help") {
		t.Errorf("%s", msg)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout: %s", e.Out)
	}
}

// In a pipe: JSON, the built-in sandbox first with every provider, each
// profile with the providers it configures in the registry's order.
func TestListInAPipeIsJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	before := seed(t, e, twoProfiles)
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), secret) {
		t.Fatalf("list prints a secret: %s", hide(e.Out.String()))
	}
	var got []Entry
	if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v %s", err, hide(e.Out.String()))
	}
	want := []Entry{
		{Name: "sandbox", BuiltIn: true, Providers: []string{"paoding", "ebao", "bihu", "sunshine"}},
		{Name: "prod", Current: true, Providers: []string{"paoding", "ebao"}},
		{Name: "staging", Providers: []string{"bihu"}},
	}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Current != w.Current || g.BuiltIn != w.BuiltIn || strings.Join(g.Providers, ",") != strings.Join(w.Providers, ",") || len(g.Problems) != 0 {
			t.Errorf("entry %d: %+v, want %+v", i, g, w)
		}
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr: %s", e.ErrOut)
	}
	unchanged(t, e, before)
}

func TestListOnATerminalMarksTheCurrentProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	before := seed(t, e, twoProfiles)
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if strings.Contains(out, secret) {
		t.Fatalf("list prints a secret: %s", hide(out))
	}
	rows := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		rows[strings.Fields(line)[0]] = line
	}
	for _, w := range []struct {
		row     string
		current bool
		cells   []string
	}{
		{"NAME", false, []string{"CURRENT", "PROVIDERS"}},
		{"sandbox", false, []string{"(built-in)", "paoding,ebao,bihu,sunshine"}},
		{"prod", true, []string{"paoding,ebao"}},
		{"staging", false, []string{"bihu"}},
	} {
		line, ok := rows[w.row]
		if !ok {
			t.Errorf("no %s row in:\n%s", w.row, out)
			continue
		}
		if cells := strings.Fields(line); w.current != (len(cells) > 1 && cells[1] == "*") {
			t.Errorf("%s marked current=%v wrongly: %q", w.row, !w.current, line)
		}
		for _, c := range w.cells {
			if !strings.Contains(line, c) {
				t.Errorf("%s row lacks %q: %q", w.row, c, line)
			}
		}
	}
	if len(rows) != 4 {
		t.Errorf("want a header and 3 rows:\n%s", out)
	}
	unchanged(t, e, before)
}

// With nothing configured there is still the sandbox, and list creates no
// file.
func TestListWithNothingConfiguredShowsOnlyTheSandbox(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(e.Out.String()); got != `[{"name":"sandbox","current":false,"built_in":true,"providers":["paoding","ebao","bihu","sunshine"]}]` {
		t.Errorf("%s", got)
	}
	if _, err := os.Stat(e.Config.Path); err == nil {
		t.Error("list created the config file")
	}
}

// -o table in a pipe is the tab-separated form a script can cut; the
// sandbox can be the current profile too.
func TestListAsTableInAPipeIsTabSeparated(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, "current-profile: sandbox\nprofiles:\n  prod:\n    ebao: {access-key: AK}\n")
	e.F.Globals.Output = "table"
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	want := "name\tcurrent\tproviders\n" +
		"sandbox (built-in)\t*\tpaoding,ebao,bihu,sunshine\n" +
		"prod\t\tebao\n"
	if e.Out.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", e.Out.String(), want)
	}
}
