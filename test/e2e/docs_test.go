package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The documentation's examples are run, so they cannot drift from the
// program. Every ```sh block of README.md and docs/**/*.md (not the
// generated docs/commands) runs, in order, in one fresh environment per
// file, against the built-in sandbox:
//
//   - `insure`, `./insure` and `go run ./cmd/insure` run the binary under test;
//   - `go build`, `go install` and `go test` lines are skipped (this test is
//     the test run; building is what TestMain did);
//   - a line ending in `# exits N` must exit N, every other line 0;
//   - a line ending in `&` runs in the background until the file is done.
//
// Interactive examples live in ```text blocks, which are not run.

var (
	exitsRe   = regexp.MustCompile(`#\s*exits\s+(\d+)\s*$`)
	commentRe = regexp.MustCompile(`\s+#\s.*$`)
)

type example struct {
	file  string
	line  int
	block []string // the lines, continuation lines joined
}

func docsExamples(t *testing.T, root string) map[string][]example {
	t.Helper()
	files := []string{filepath.Join(root, "README.md")}
	_ = filepath.WalkDir(filepath.Join(root, "docs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.Contains(p, filepath.Join("docs", "commands")) {
			files = append(files, p)
		}
		return nil
	})
	out := map[string][]example{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		n, in := 0, false
		var cur *example
		var cont string
		for sc.Scan() {
			n++
			line := sc.Text()
			trim := strings.TrimSpace(line)
			switch {
			case !in && trim == "```sh":
				in = true
				cur = &example{file: f, line: n}
			case in && trim == "```":
				in = false
				out[f] = append(out[f], *cur)
			case in:
				if strings.HasSuffix(trim, "\\") {
					cont += strings.TrimSuffix(trim, "\\") + " "
					continue
				}
				cur.block = append(cur.block, cont+trim)
				cont = ""
			}
		}
		fh.Close()
	}
	return out
}

// script turns one file's examples into a bash script that reports each
// line's outcome.
func script(exs []example) string {
	var b strings.Builder
	b.WriteString("set -u\nfail=0\n")
	for _, ex := range exs {
		for _, l := range ex.block {
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			if regexp.MustCompile(`^go (build|install|test)\b`).MatchString(l) {
				continue
			}
			l = strings.ReplaceAll(l, "go run ./cmd/insure", "insure")
			want := "0"
			if m := exitsRe.FindStringSubmatch(l); m != nil {
				want = m[1]
				l = strings.TrimSpace(exitsRe.ReplaceAllString(l, ""))
			}
			l = strings.TrimSpace(commentRe.ReplaceAllString(l, ""))
			if strings.HasSuffix(l, "&") {
				fmt.Fprintf(&b, "%s\nsleep 0.5\n", l)
				continue
			}
			q := strings.ReplaceAll(l, "'", `'\''`)
			fmt.Fprintf(&b, "%s\nrc=$?\nif [ $rc -ne %s ]; then echo 'FAILED (exit '$rc', want %s) at %s:%d: %s' >&2; fail=1; fi\n", l, want, want, filepath.Base(ex.file), ex.line, q)
		}
	}
	b.WriteString("kill $(jobs -p) 2>/dev/null; wait 2>/dev/null\nexit $fail\n")
	return b.String()
}

func TestDocumentationExamplesRun(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	all := docsExamples(t, root)
	var files []string
	for f := range all {
		files = append(files, f)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no examples found")
	}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		t.Run(rel, func(t *testing.T) {
			u := newUser(t)
			work := t.TempDir()
			bindir := t.TempDir()
			for _, p := range []string{filepath.Join(bindir, "insure"), filepath.Join(work, "insure")} {
				if err := os.Symlink(bin, p); err != nil {
					t.Fatal(err)
				}
			}
			// Example inputs the docs refer to by name: the docs make
			// their own files (a file made here hid one they never made).
			for _, dir := range []string{"examples"} {
				_ = os.Symlink(filepath.Join(root, dir), filepath.Join(work, dir))
			}
			cmd := exec.Command("bash", "--norc", "--noprofile", "-c", script(all[f]))
			cmd.Dir = work
			cmd.Env = append(append([]string{}, u.env...), "PATH="+bindir+":"+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
		})
	}
}

func TestManPageRenders(t *testing.T) {
	man, err := exec.LookPath("man")
	if err != nil {
		t.Skip("man is not installed (.ci/run installs man-db)")
	}
	cmd := exec.Command(man, filepath.Join("..", "..", "docs", "man", "insure.1"))
	cmd.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=80")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{"NAME", "insure", "SYNOPSIS", "OPTIONS"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("man page lacks %s:\n%s", want, out)
		}
	}
}
