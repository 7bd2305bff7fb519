package gen

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/spf13/cobra"
)

// noFillLines are the lines of a man page that man shows as written (in
// .EX/.EE and .nf/.fi), with their roff escapes read.
func noFillLines(page string) []string {
	unescape := strings.NewReplacer(`\\`, `\`, `\e`, `\`, `\-`, `-`, `\&`, "")
	var out []string
	asWritten := false
	for _, l := range strings.Split(page, "\n") {
		switch l {
		case ".EX", ".nf":
			asWritten = true
			continue
		case ".EE", ".fi":
			asWritten = false
			continue
		}
		if asWritten {
			out = append(out, unescape.Replace(l))
		}
	}
	return out
}

// At MANWIDTH=80, man indents a section's text by 7 columns, and the help
// text its examples and topics copy was laid out for 80 columns with an
// indent of its own: 20 pages ran past column 80 (insure-environment.1 to
// 86), wrapped by the terminal mid-word. The lines man shows as written
// fit in what man leaves them, and, where man is installed, every
// rendered line fits in 80 columns (a Chinese character taking two).
func TestManPagesFitEightyColumns(t *testing.T) {
	files, err := files("")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !strings.HasPrefix(name, "docs/man/") {
			continue
		}
		for _, l := range noFillLines(string(data)) {
			if width(l) > manNoFillWidth {
				t.Errorf("%s: %d columns (man adds 7): %q", name, width(l), l)
			}
		}
	}
	if _, err := exec.LookPath("man"); err != nil {
		t.Skip("no man to render the pages with")
	}
	// Rendering every page takes man a second or so each: the pages with
	// the most text laid out by hand, and some with wide examples.
	dir := t.TempDir()
	for _, page := range []string{"insure-environment.1", "insure-exit-codes.1", "insure-formatting.1",
		"insure-completion.1", "insure-api.1", "insure-issue.1", "insure-vin-report-listen.1", "insure-sign-bihu-signout.1"} {
		path := filepath.Join(dir, page)
		if err := os.WriteFile(path, files["docs/man/"+page], 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("man", "-l", path)
		cmd.Env = append(os.Environ(), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "LC_ALL=C.UTF-8")
		out, err := cmd.Output()
		if err != nil || len(out) == 0 {
			t.Fatalf("man -l %s: %v", page, err)
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			if w := width(sc.Text()); w > 80 {
				t.Errorf("%s renders %d columns wide at MANWIDTH=80: %q", page, w, sc.Text())
			}
		}
	}
}

// A wrapped example is still the command it was: its lines, joined at
// their backslashes, are the lines the help shows, word for word.
func TestWrappedExamplesRunAsWritten(t *testing.T) {
	joined := func(lines []string) string {
		s := strings.Join(lines, "\n")
		s = strings.ReplaceAll(s, " \\\n", " ")
		return strings.Join(strings.Fields(s), " ")
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example != "" {
			lines := dedent(strings.Split(c.Example, "\n"))
			fitted := fitShellLines(lines, manNoFillWidth)
			if got, want := joined(fitted), joined(lines); got != want {
				t.Errorf("%s: the example changed when fitted:\n%s\nwas\n%s", c.CommandPath(), got, want)
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root.NewCmdRoot(factory.New(context.Background(), "dev")))
}

// A help topic's rewrapped text keeps every character but the white
// space, in order: lines are broken at spaces, and a JSON example after a
// comma.
func TestFittedTopicsKeepTheirText(t *testing.T) {
	// Commands are continued with a backslash: those are not text.
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, " \\\n", "\n")), "") }
	for _, c := range root.NewCmdRoot(factory.New(context.Background(), "dev")).Commands() {
		if !c.IsAdditionalHelpTopicCommand() {
			continue
		}
		got := strings.Join(fitTopicLines(strings.Split(c.Long, "\n"), manNoFillWidth), "\n")
		if g, w := norm(got), norm(c.Long); g != w {
			at := 0
			for at < min(len(g), len(w)) && g[at] == w[at] {
				at++
			}
			t.Errorf("help %s: fitted, its text differs at %q, was %q", c.Name(), g[at:min(at+40, len(g))], w[at:min(at+40, len(w))])
		}
	}
}

var thDate = regexp.MustCompile(`(?m)^\.TH "[^"]*" "1" "([^"]*)" "insure" "insure manual"$`)

// Every page was dated "Jan 2026", fixed in the generator, so a December
// build's pages looked eleven months old. The committed pages are undated
// (CI regenerates them and compares); a packager building a release sets
// SOURCE_DATE_EPOCH and the pages carry that month.
func TestManPagesAreDatedBySourceDateEpochOnly(t *testing.T) {
	for epoch, want := range map[string]string{"": "", "1796256000": "December 2026"} {
		t.Setenv("SOURCE_DATE_EPOCH", epoch)
		files, err := Files()
		if err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{"docs/man/insure.1", "docs/man/insure-vin-report-buy.1", "docs/man/insure-exit-codes.1"} {
			m := thDate.FindStringSubmatch(string(files[page]))
			if m == nil || m[1] != want {
				t.Errorf("SOURCE_DATE_EPOCH=%q: %s is dated %q, want %q", epoch, page, m, want)
			}
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "next tuesday")
	if _, err := Files(); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("a SOURCE_DATE_EPOCH that is no number: err %v", err)
	}
	// The committed pages are checked undated, whatever the environment.
	t.Setenv("SOURCE_DATE_EPOCH", "1796256000")
	if err := Check("../.."); err != nil {
		t.Fatal(err)
	}
}
