package completion_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/internal/gen"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// commandLines are the shell commands of a help text: the lines of its
// blocks indented four spaces, a line ending in a backslash joined to the
// next as the shell would join them.
func commandLines(help string) []string {
	var out []string
	pending := ""
	for _, l := range strings.Split(help, "\n") {
		if !strings.HasPrefix(l, "    ") && pending == "" {
			continue
		}
		l = strings.TrimSpace(l)
		if cont, ok := strings.CutSuffix(l, `\`); ok {
			pending += cont
			continue
		}
		out = append(out, pending+l)
		pending = ""
	}
	return out
}

// The help reads at 80 columns, and every command it gives sits in a
// block indented four spaces, so that Markdown and the man page show it
// as written. Each shell has a command for this session and one that
// saves the script.
func TestCompletionHelpFitsIn80ColumnsWithCommandsInBlocks(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "completion", "--help"); err != nil {
		t.Fatal(err)
	}
	help := e.Out.String()
	long := help[:strings.Index(help, "\nUsage:")]
	for _, l := range strings.Split(long, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %q", n, l)
		}
		if strings.Contains(l, "insure completion ") && !strings.HasPrefix(l, "    ") {
			t.Errorf("a command outside an indented block: %q", l)
		}
	}
	cmds := strings.Join(commandLines(long), "\n")
	for _, want := range []string{
		"source <(insure completion bash)",
		"source <(insure completion zsh)",
		"insure completion fish | source",
		"insure completion powershell | Out-String | Invoke-Expression",
		"insure completion bash > ~/",
		"insure completion zsh > ~/",
		"insure completion fish > ~/",
	} {
		if !strings.Contains(cmds, want) {
			t.Errorf("no %q among the commands:\n%s", want, cmds)
		}
	}
}

// man insure-completion shows each command on a line of its own, as
// written: the page used to fill them into a paragraph, breaking
// "completions/insure" across lines as "in-" and "sure".
func TestCompletionManPageShowsCommandsAsWritten(t *testing.T) {
	man, err := exec.LookPath("man")
	if err != nil {
		t.Skip("no man")
	}
	files, err := gen.Files()
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "insure-completion.1")
	if err := os.WriteFile(page, files["docs/man/insure-completion.1"], 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(man, "-l", page)
	cmd.Env = append(os.Environ(), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "LC_ALL=C.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("man cannot render here: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		lines = append(lines, strings.TrimSpace(l))
	}
	rendered := strings.Join(lines, "\n")
	// A command too wide for man's 80 columns continues on the next line
	// after a backslash (internal/gen): read as the shell reads it, each
	// command stands whole, at a line's start or after "&&".
	joined := strings.ReplaceAll(rendered, " \\\n", " ")
	for _, want := range []string{
		"source <(insure completion bash)",
		"insure completion bash > ~/.local/share/bash-completion/completions/insure",
		"mkdir -p ~/.zfunc && insure completion zsh > ~/.zfunc/_insure",
		"insure completion fish > ~/.config/fish/completions/insure.fish",
		"insure completion powershell | Out-String | Invoke-Expression",
	} {
		if !strings.Contains(joined, "\n"+want+"\n") && !strings.Contains(joined, "&& "+want+"\n") {
			t.Errorf("man page: %q not on a line of its own:\n%s", want, rendered)
		}
	}
}

// A shell given as a path ($SHELL's /bin/zsh) or capitalised is still a
// usage error, and the hint names what to type; any other unknown shell
// gets an example.
func TestCompletionUnknownShellHintsAtTheName(t *testing.T) {
	for _, c := range []struct{ arg, hint string }{
		{"/bin/zsh", "insure completion zsh"},
		{"/usr/local/bin/fish", "insure completion fish"},
		{"Bash", "insure completion bash"},
		{"tcsh", "for example: insure completion bash"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, "completion", c.arg)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
			t.Fatalf("%s: exit %d %v", c.arg, cmdutil.ExitCode(err), err)
		}
		if !strings.Contains(fe.Message, `"`+c.arg+`"`) || !strings.HasSuffix(fe.Hint, c.hint) {
			t.Errorf("%s: message %q hint %q, want hint ending %q", c.arg, fe.Message, fe.Hint, c.hint)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%s: stdout %.100q", c.arg, e.Out)
		}
	}
}
