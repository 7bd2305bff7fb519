package root

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// pathFlags are the flags whose value is a file (or, for dirFlags, a
// folder) name: the only ones the shell may offer file names for.
var (
	pathFlags       = []string{"file", "batch", "config", "cacert"}
	folderPathFlags = []string{"dir", "state-dir"}
)

// completeDirective runs `insure __complete ARGS` on a fresh tree and
// returns cobra's directive (the number after the colon on the last line).
func completeDirective(t *testing.T, e *cmdtest.Env, args ...string) (cobra.ShellCompDirective, string) {
	t.Helper()
	e.Reset()
	if err := execRoot(e, append([]string{cobra.ShellCompRequestCmd}, args...)...); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	out := strings.TrimSpace(e.Out.String())
	last := out[strings.LastIndex(out, "\n")+1:]
	n, err := strconv.Atoi(strings.TrimPrefix(last, ":"))
	if err != nil {
		t.Fatalf("%v: no directive in %q", args, out)
	}
	return cobra.ShellCompDirective(n), out
}

// allowsFiles reports whether the shell falls back to file names.
func allowsFiles(d cobra.ShellCompDirective) bool {
	return d&(cobra.ShellCompDirectiveNoFileComp|cobra.ShellCompDirectiveFilterDirs|cobra.ShellCompDirectiveFilterFileExt) == 0
}

// Every flag of every command is asked for its values the way the shell
// asks at TAB: a flag whose value is not a path must offer its values or
// nothing, never the current folder (--provider and --version offered
// file names), and the path flags must still offer files. After a
// switch (a bool flag) the shell completes an argument: no file names
// there either unless the command takes a FILE.
func TestEveryFlagCompletesWithoutFileNamesUnlessAPath(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	checked := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			return
		}
		path := strings.Fields(c.CommandPath())[1:]
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if fl.Name == "help" {
				return
			}
			checked++
			isBool := fl.Value.Type() == "bool"
			args := append(append([]string{}, path...), "--"+fl.Name, "")
			d, out := completeDirective(t, e, args...)
			switch {
			case isBool && strings.Contains(c.Use, "FILE"):
			case isBool:
				if allowsFiles(d) {
					t.Errorf("insure %s --%s <TAB>: directive %d offers file names\n%s", c.CommandPath(), fl.Name, d, out)
				}
			case contains(pathFlags, fl.Name):
				if !allowsFiles(d) {
					t.Errorf("insure %s --%s <TAB>: directive %d, want file names", c.CommandPath(), fl.Name, d)
				}
			case contains(folderPathFlags, fl.Name):
				if d&cobra.ShellCompDirectiveFilterDirs == 0 {
					t.Errorf("insure %s --%s <TAB>: directive %d, want folders", c.CommandPath(), fl.Name, d)
				}
			case allowsFiles(d):
				t.Errorf("insure %s --%s <TAB>: directive %d offers file names\n%s", c.CommandPath(), fl.Name, d, out)
			}
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(NewCmdRoot(e.F))
	if checked < 100 {
		t.Fatalf("only %d flags checked: the walk missed the tree", checked)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// vin-report get <TAB> describes each order as cancel <TAB> describes a
// policy and issue --quote <TAB> a quotation (its status and when): it
// offered bare ids.
func TestVinReportGetDescribesOrdersAsCancelDoesPolicies(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20",
		"--order-id", "DESC-1", "--yes", "-o", "json"); err != nil {
		t.Fatalf("buy: %v\n%s", err, e.ErrOut)
	}
	if err := execRoot(e, "-p", "sandbox", "quote", "--provider", "ebao", "-f", "../../../examples/ebao/quote.json", "-o", "json"); err != nil {
		t.Fatalf("quote: %v\n%s", err, e.ErrOut)
	}
	described := regexp.MustCompile(`^\S+\t(\S+ )*\d{4}-\d\d-\d\d \d\d:\d\d$`)
	for _, args := range [][]string{{"issue", "--provider", "ebao", "--quote", ""}, {"vin-report", "get", ""}} {
		_, out := completeDirective(t, e, append([]string{"-p", "sandbox"}, args...)...)
		lines := strings.Split(out, "\n")
		if len(lines) < 2 {
			t.Fatalf("%v: nothing offered", args)
		}
		for _, l := range lines[:len(lines)-1] {
			if !described.MatchString(l) {
				t.Errorf("%v: %q is not an id described by status and date", args, l)
			}
		}
	}
	if _, out := completeDirective(t, e, "-p", "sandbox", "vin-report", "get", ""); !strings.HasPrefix(out, "DESC-1\tsuccess ") {
		t.Errorf("vin-report get: %q", out)
	}
}

// A setting with a fixed set of values (its Choices in the provider's
// registry entry) completes to them after its "=", in profile add and
// configure alike: --set bihu.hex-case=<TAB> offered nothing.
func TestSetCompletesASettingsChoices(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"profile", "add", "staging", "--set", "bihu.hex-case="}, []string{"bihu.hex-case=upper\tdefault", "bihu.hex-case=lower"}},
		{[]string{"profile", "add", "staging", "--set", "bihu.hex-case=l"}, []string{"bihu.hex-case=lower"}},
		{[]string{"configure", "--set", "paoding.header-style="}, []string{"paoding.header-style=hyphens\tdefault", "paoding.header-style=underscores"}},
	} {
		d, out := completeDirective(t, e, c.args...)
		lines := strings.Split(out, "\n")
		got := lines[:len(lines)-1]
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") || allowsFiles(d) || d&cobra.ShellCompDirectiveNoSpace != 0 {
			t.Errorf("%v: %q, directive %d; want %q", c.args, got, d, c.want)
		}
	}
}
