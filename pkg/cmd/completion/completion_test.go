// The tests run completion under the real root command: the script is
// generated for the tree the command is part of, and flag errors become
// usage errors there. An external package, since root imports completion.
package completion_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/completion"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

func run(e *cmdtest.Env, args ...string) error {
	e.Reset()
	cmd := root.NewCmdRoot(e.F)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

// Each shell gets its own script, naming insure, on stdout; nothing on
// stderr. The script is the same on a terminal and in a pipe (it is
// meant for a file or for eval, never decorated).
func TestCompletionPrintsEachShellsScript(t *testing.T) {
	for _, tc := range []struct{ shell, first, calls string }{
		{"bash", "# bash completion V2 for insure", "__start_insure"},
		{"zsh", "#compdef insure", "compdef _insure insure"},
		{"fish", "# fish completion for insure", "complete -c insure"},
		{"powershell", "# powershell completion for insure", "Register-ArgumentCompleter"},
	} {
		var scripts [2]string
		for i, tty := range []bool{false, true} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			if err := run(e, "completion", tc.shell); err != nil {
				t.Fatalf("%s (tty %v): %v", tc.shell, tty, err)
			}
			out := e.Out.String()
			if !strings.HasPrefix(out, tc.first) || !strings.Contains(out, tc.calls) || !strings.Contains(out, "__complete") {
				t.Errorf("%s (tty %v): not its script:\n%.300s", tc.shell, tty, out)
			}
			if e.ErrOut.Len() != 0 {
				t.Errorf("%s (tty %v): stderr %q", tc.shell, tty, e.ErrOut)
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("%s (tty %v): colour codes in the script", tc.shell, tty)
			}
			// Printing a script is local: no provider is asked anything.
			if len(e.Received()) != 0 {
				t.Errorf("%s: sent %v", tc.shell, e.ReceivedPaths())
			}
			scripts[i] = out
		}
		if scripts[0] != scripts[1] {
			t.Errorf("%s: the script differs between a pipe and a terminal", tc.shell)
		}
	}
}

// The four shells are distinct scripts, not one printed four times.
func TestCompletionScriptsDifferByShell(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seen := map[string]string{}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		if err := run(e, "completion", shell); err != nil {
			t.Fatal(err)
		}
		if prev, ok := seen[e.Out.String()]; ok {
			t.Errorf("%s printed the same script as %s", shell, prev)
		}
		seen[e.Out.String()] = shell
	}
}

// A shell it does not know, none, two, or a flag it does not have is a
// usage error (exit 2) printing no script; an unknown shell's message
// names the supported ones.
func TestCompletionBadArgumentsAreUsageErrors(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		for _, args := range [][]string{{"tcsh"}, {}, {"bash", "zsh"}, {"bash", "--nope"}} {
			err := run(e, append([]string{"completion"}, args...)...)
			if cmdutil.ExitCode(err) != failure.ExitUsage {
				t.Errorf("%v (tty %v): exit %d %v", args, tty, cmdutil.ExitCode(err), err)
			}
			if e.Out.Len() != 0 {
				t.Errorf("%v (tty %v): stdout %.200q", args, tty, e.Out)
			}
		}
		err := run(e, "completion", "tcsh")
		for _, want := range []string{`"tcsh"`, "bash", "zsh", "fish", "powershell"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("tty %v: %q not in %v", tty, want, err)
			}
		}
	}
}

// Pressing TAB after `insure completion` offers the four shells, from the
// command itself: nothing is looked up.
func TestCompletionCompletesTheShellNames(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, cobra.ShellCompRequestCmd, "completion", ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(e.Out.String()), "\n")
	if strings.Join(lines, " ") != "bash zsh fish powershell :4" { // :4 is cobra's "no file completion"
		t.Errorf("candidates %q", lines)
	}
	if len(e.Received()) != 0 {
		t.Errorf("completing sent %v", e.ReceivedPaths())
	}
}

// The script completes whatever program the command is part of, and goes
// to the IO streams' stdout even where cobra's own output points
// elsewhere.
func TestCompletionScriptIsForTheProgramItIsPartOf(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	parent := &cobra.Command{Use: "toy", SilenceErrors: true, SilenceUsage: true}
	var cobraOut strings.Builder
	parent.SetOut(&cobraOut)
	parent.SetErr(&cobraOut)
	parent.AddCommand(completion.NewCmdCompletion(e.F.IOStreams))
	parent.SetArgs([]string{"completion", "fish"})
	if err := parent.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Out.String(), "# fish completion for toy") || cobraOut.Len() != 0 {
		t.Errorf("streams: %.100q; cobra's output %.100q", e.Out, cobraOut.String())
	}
	parent.SetArgs([]string{"completion", "ksh"})
	var fe *failure.Error
	if err := parent.Execute(); !errors.As(err, &fe) || fe.Kind != failure.Usage {
		t.Errorf("ksh: %v", err)
	}
}

// After the shell name nothing more is offered: neither the shells again
// nor file names (a ValidArgs list alone gave directive :0 there, so
// `insure completion bash <TAB>` listed the current folder). A prefix
// narrows the shells.
func TestCompletionOffersNothingAfterTheShell(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"completion", "bash", ""}, ":4"},
		{[]string{"completion", "zsh", "f"}, ":4"},
		{[]string{"completion", "f"}, "fish :4"},
		{[]string{"completion", "p"}, "powershell :4"},
	} {
		if err := run(e, append([]string{cobra.ShellCompRequestCmd}, c.args...)...); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(strings.Split(strings.TrimSpace(e.Out.String()), "\n"), " ")
		if got != c.want {
			t.Errorf("%q: candidates %q, want %q", c.args, got, c.want)
		}
	}
}

// The help shows, for bash, zsh and fish, a command that saves the script
// under the user's home, and that command works as written on a fresh
// account, where ~/.config/fish/completions and the rest do not exist yet
// (the help used to print `insure completion fish > ~/.config/fish/...`,
// which fails there, and only root-owned folders for bash and zsh).
func TestCompletionHelpSaveCommandsWorkOnAFreshHome(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "completion", "--help"); err != nil {
		t.Fatal(err)
	}
	help := e.Out.String()
	for _, shell := range []string{"bash", "zsh", "fish"} {
		var line string
		for _, l := range commandLines(help) {
			if strings.Contains(l, "insure completion "+shell+" > ~/") {
				line = l
			}
		}
		if line == "" {
			t.Errorf("%s: no command saving the script under ~ in:\n%s", shell, help)
			continue
		}
		home, bin := t.TempDir(), t.TempDir()
		stub := "#!/bin/sh\necho \"script for $2\"\n"
		if err := os.WriteFile(filepath.Join(bin, "insure"), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bash, "-c", line)
		cmd.Env = []string{"HOME=" + home, "PATH=" + bin + ":/usr/bin:/bin"}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %q fails on a fresh home: %v\n%s", shell, line, err, out)
			continue
		}
		dest := strings.TrimSpace(line[strings.LastIndex(line, ">")+1:])
		got, err := os.ReadFile(filepath.Join(home, strings.TrimPrefix(dest, "~/")))
		if err != nil || string(got) != "script for "+shell+"\n" {
			t.Errorf("%s: %q wrote %q, %v", shell, line, got, err)
		}
	}
}

// zsh's and fish's scripts tell a flag written with its value
// (--output=js) by a pattern on the word being completed, and put what
// it matched in front of every candidate. cobra's, '-.*=', also matched
// the dash inside a setting's name, and the shells rewrote `--set
// paoding.header-style=<Tab>` to `--set -style=paoding.header-style=`;
// and, greedy, it took `--set=bihu.hex-case=` whole, doubling the name.
// Each script's own test runs in its shell where that shell is installed.
var flagPrefixes = map[string]string{
	"paoding.header-style=": "", "bihu.hex-case=": "", "bihu.hex-case=lo": "",
	"--output=js": "--output=", "-o=j": "-o=",
	"--set=bihu.hex-case=": "--set=", "--set=paoding.header-style=u": "--set=",
}

// scriptLine returns the line of `insure completion SHELL` holding marker.
func scriptLine(t *testing.T, shell, marker string) string {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "completion", shell); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(e.Out.String(), "\n") {
		if strings.Contains(line, marker) {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("no %q in the %s script", marker, shell)
	return ""
}

func TestZshTellsAFlagsValueFromASettingsName(t *testing.T) {
	line := scriptLine(t, "zsh", `"${lastParam}" =~`)
	test := strings.TrimSuffix(strings.TrimPrefix(line, "if "), "; then")
	if test != `[[ "${lastParam}" =~ '^-[^=]*=' ]]` {
		t.Fatalf("the script's flag test is %q", test)
	}
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("zsh is not installed: the pattern was checked as text only")
	}
	for word, want := range flagPrefixes {
		out, err := exec.Command(zsh, "-f", "-c", `setopt BASH_REMATCH; lastParam=$1; if `+test+`; then print -r -- "$BASH_REMATCH"; fi`, "zsh", word).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("zsh puts %q in front of the candidates for %q, want %q", got, word, want)
		}
	}
}

func TestFishTellsAFlagsValueFromASettingsName(t *testing.T) {
	line := scriptLine(t, "fish", "set -l flagPrefix")
	if line != `set -l flagPrefix (string match -r -- '^-[^=]*=' "$lastArg")` {
		t.Fatalf("the script's flag test is %q", line)
	}
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish is not installed: the pattern was checked as text only")
	}
	for word, want := range flagPrefixes {
		// The word goes in through the environment: as an argument
		// fish would read --output=js as an option of its own.
		sh := exec.Command(fish, "--no-config", "-c", `set lastArg $WORD; `+line+`; printf '%s' "$flagPrefix"`)
		sh.Env = append(os.Environ(), "WORD="+word)
		out, err := sh.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(out); got != want {
			t.Errorf("fish puts %q in front of the candidates for %q, want %q", got, word, want)
		}
	}
}
