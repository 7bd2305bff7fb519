package root

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

func execRoot(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdRoot(e.F)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestEnvironmentFillsUnsetFlagsOnly(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_OUTPUT", "yaml")
	t.Setenv("INSURE_TIMEOUT", "7s")
	if err := execRoot(e, "profile", "list"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "  name: sandbox\n") {
		t.Fatalf("INSURE_OUTPUT ignored: %q", e.Out.String())
	}
	if e.F.Globals.Timeout.String() != "7s" {
		t.Fatalf("timeout %v", e.F.Globals.Timeout)
	}
	e2 := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e2, "profile", "list", "-o", "json"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e2.Out.String(), "[") {
		t.Fatalf("the flag must beat the environment: %q", e2.Out.String())
	}
}

func TestBadEnvironmentValueIsUsage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_TIMEOUT", "soon")
	if err := execRoot(e, "profile", "list"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "INSURE_TIMEOUT") {
		t.Fatalf("%v", err)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"profile", "list", "--nope"}, {"vin-report", "get"}, {"profile", "list", "-o", "html"}} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := execRoot(e, args...)
		if cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v)", args, cmdutil.ExitCode(err), err)
		}
		if len(e.Received()) != 0 {
			t.Errorf("%v sent a request", args)
		}
	}
}

func TestUnknownSubcommandExitsTwoWithSuggestion(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := execRoot(e, "token", "gett")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d (%v)", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(e.F.IOStreams, err, false)
	if msg := e.ErrOut.String(); !strings.Contains(msg, `unknown command "gett" for "insure token"`) || !strings.Contains(msg, "did you mean get?") {
		t.Fatalf("stderr: %q", msg)
	}
	if strings.Contains(e.Out.String(), "Usage:") {
		t.Fatalf("printed help instead of failing: %q", e.Out.String())
	}
}

func TestParentWithoutSubcommandStillPrintsHelp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e, "token"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "Available Commands:") {
		t.Fatalf("no help: %q", e.Out.String())
	}
}

func TestWrongArgumentsAndFlagsExitTwoWithHint(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"profile", "show", "a", "b"}, "insure profile show: accepts at most 1 arg(s), received 2"},
		{[]string{"history", "show"}, "insure history show: ID missing (usage: insure history show ID"},
		{[]string{"token", "get", "extra"}, `insure token get: takes no arguments, got "extra"`},
		{[]string{"vin-report", "factories", "gett"}, "did you mean get?"},
		{[]string{"profile", "list", "--nope"}, "unknown flag: --nope"},
		{[]string{"bogus"}, `unknown command "bogus" for "insure"`},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := execRoot(e, c.args...)
		if cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v)", c.args, cmdutil.ExitCode(err), err)
			continue
		}
		cmdutil.PrintError(e.F.IOStreams, err, false)
		if msg := e.ErrOut.String(); !strings.Contains(msg, c.want) || !strings.Contains(msg, "--help`") {
			t.Errorf("%v: stderr %q, want %q and a pointer to --help", c.args, msg, c.want)
		}
		// The JSON error document says usage too.
		if doc := string(cmdutil.ErrorJSON(err)); !strings.Contains(doc, `"kind":"usage","exit_code":2`) {
			t.Errorf("%v: %s", c.args, doc)
		}
	}
}

// Every command's argument validator, whatever it is, fails with a typed
// usage error (exit 2), never a plain cobra error that would exit 1.
func TestEveryArgumentValidatorIsTyped(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	root := NewCmdRoot(e.F)
	tooMany := strings.Fields("a b c d e f g h i j k l")
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		if c.Args != nil {
			for _, args := range [][]string{nil, tooMany} {
				if err := c.Args(c, args); err != nil && cmdutil.ExitCode(err) != 2 {
					t.Errorf("%s with %d args: exit %d (%v)", c.CommandPath(), len(args), cmdutil.ExitCode(err), err)
				}
			}
		}
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
}

func TestHelpTopics(t *testing.T) {
	for topic, want := range map[string]string{"environment": "INSURE_PAODING_PASSWORD", "exit-codes": "143  terminated by SIGTERM", "formatting": "--jq"} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := execRoot(e, "help", topic); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(e.Out.String(), want) {
			t.Errorf("help %s lacks %q", topic, want)
		}
	}
}

// help for something that is neither a command nor a topic is a usage
// error with the nearest name: it printed the root's usage and exited 0,
// so a typo in a script's `insure help exit-code` went unnoticed. Topics
// complete as commands do.
func TestHelpOfAnUnknownNameIsUsage(t *testing.T) {
	for arg, want := range map[string]string{"qoute": "did you mean quote?", "exit-code": "did you mean exit-codes?", "nosuch": "insure help` lists"} {
		e := cmdtest.New(t, cmdtest.Options{})
		cmd := NewCmdRoot(e.F)
		cmd.SetArgs([]string{"help", arg})
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, want) {
			t.Errorf("help %s: exit %d, %v (%+v)", arg, cmdutil.ExitCode(err), err, fe)
		}
	}
	e := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e, cobra.ShellCompRequestCmd, "help", "ex"); err != nil || !strings.Contains(e.Out.String(), "exit-codes") || !strings.Contains(e.Out.String(), "example") {
		t.Errorf("help ex<TAB>: %v\n%s", err, e.Out)
	}
}

func TestJQAndTemplate(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e, "profile", "list", "--jq", ".[0].name"); err != nil || e.Out.String() != "sandbox\n" {
		t.Fatalf("%q %v", e.Out.String(), err)
	}
	e.Reset()
	if err := execRoot(e, "profile", "list", "--template", "{{range .}}{{.name}};{{end}}"); err != nil || e.Out.String() != "sandbox;" {
		t.Fatalf("%q %v", e.Out.String(), err)
	}
	e.Reset()
	if err := execRoot(e, "profile", "list", "--jq", ".[ broken"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("bad jq: %v", err)
	}
}

// --timeout 0 is no limit; a negative time limit, from the flag or the
// environment, is a usage error and nothing is sent.
func TestTimeoutZeroIsNoLimitAndNegativeIsRefused(t *testing.T) {
	for _, c := range []struct{ env, flag string }{{"", "-1s"}, {"-5s", ""}} {
		e := cmdtest.New(t, cmdtest.Options{})
		t.Setenv("INSURE_TIMEOUT", c.env)
		args := []string{"-p", "sandbox", "vin-report", "brands"}
		if c.flag != "" {
			args = append(args, "--timeout="+c.flag)
		}
		err := execRoot(e, args...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--timeout") || !strings.Contains(err.Error(), "negative") {
			t.Errorf("timeout %q/%q: exit %d (%v)", c.env, c.flag, cmdutil.ExitCode(err), err)
		}
		if len(e.Received()) != 0 {
			t.Errorf("timeout %q/%q sent %v", c.env, c.flag, e.ReceivedPaths())
		}
	}
	t.Setenv("INSURE_TIMEOUT", "")

	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding=delay:1200ms"})
	if err := execRoot(e, "-p", "sandbox", "vin-report", "brands", "--timeout", "0"); err != nil {
		t.Fatalf("--timeout 0: %v", err)
	}
	hc, err := e.F.HttpClient()
	if err != nil || hc.Timeout != 0 {
		t.Fatalf("--timeout 0 left a limit of %v (%v)", hc.Timeout, err)
	}
	e = cmdtest.New(t, cmdtest.Options{Faults: "paoding=delay:3s"})
	if err := execRoot(e, "-p", "sandbox", "vin-report", "brands", "--timeout", "500ms"); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("--timeout 500ms against a 3s answer: exit %d (%v)", cmdutil.ExitCode(err), err)
	}
}

// The sign commands mask Paoding's sign and a Bihu session token unless
// --show-secrets is given, so the flag's help says so where they are.
func TestShowSecretsHelpNamesTheSignCommands(t *testing.T) {
	for _, args := range [][]string{{"sign", "paoding", "--help"}, {"sign", "bihu", "signout", "--help"}} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := execRoot(e, args...); err != nil {
			t.Fatal(err)
		}
		// The flag's description, wrapped over several lines.
		out := e.Out.String()
		line := ""
		if i := strings.Index(out, "      --show-secrets "); i >= 0 {
			line = out[i:]
			if j := strings.Index(line, "\n  -"); j >= 0 {
				line = line[:j]
			}
			line = strings.Join(strings.Fields(line), " ")
		}
		if !strings.Contains(line, "Paoding's sign") || !strings.Contains(line, "sign bihu renew and signout") {
			t.Errorf("%v: --show-secrets says %q", args, line)
		}
	}
}

// NO_COLOR turns colour off when it is set to something: an empty value
// is not set (no-color.org), and it turned colour off.
func TestNoColorCountsOnlyWhenNotEmpty(t *testing.T) {
	for _, c := range []struct {
		value string
		off   bool
	}{{"", false}, {"1", true}} {
		e := cmdtest.New(t, cmdtest.Options{})
		t.Setenv("NO_COLOR", c.value)
		if err := execRoot(e, "profile", "list"); err != nil {
			t.Fatal(err)
		}
		if e.F.Globals.NoColor != c.off {
			t.Errorf("NO_COLOR=%q: no-color %v", c.value, e.F.Globals.NoColor)
		}
	}
}
