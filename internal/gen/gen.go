// Package gen writes the files generated from the command tree: shell
// completions, the Markdown command reference and the man pages. The
// generate command and the staleness test share it, so what CI checks is
// exactly what `go generate` writes.
package gen

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/completion"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/spf13/cobra/doc"
)

// Files returns every generated file, by path relative to the repository.
func Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	cmd := root.NewCmdRoot(factory.New(context.Background(), "dev")) // a generator: nothing to cancel
	cmd.DisableAutoGenTag = true

	var b bytes.Buffer
	if err := cmd.GenBashCompletionV2(&b, true); err != nil {
		return nil, err
	}
	out["completions/insure.bash"] = bytes.Clone(b.Bytes())
	b.Reset()
	if err := completion.WriteZsh(cmd, &b); err != nil {
		return nil, err
	}
	out["completions/_insure"] = bytes.Clone(b.Bytes())
	b.Reset()
	if err := completion.WriteFish(cmd, &b); err != nil {
		return nil, err
	}
	out["completions/insure.fish"] = bytes.Clone(b.Bytes())
	b.Reset()
	if err := cmd.GenPowerShellCompletionWithDesc(&b); err != nil {
		return nil, err
	}
	out["completions/insure.ps1"] = bytes.Clone(b.Bytes())

	tmp, err := os.MkdirTemp("", "insure-gen")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	md, man := filepath.Join(tmp, "md"), filepath.Join(tmp, "man")
	_ = os.MkdirAll(md, 0o755)
	_ = os.MkdirAll(man, 0o755)
	if err := doc.GenMarkdownTree(cmd, md); err != nil {
		return nil, err
	}
	// A fixed date keeps the pages reproducible; the version is in the
	// binary, not in its manual.
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// No Title: cobra then heads each page with its own command
	// (INSURE-VIN-REPORT-BUY(1)); a fixed one headed every page INSURE(1).
	hdr := &doc.GenManHeader{Section: "1", Date: &date, Source: "insure", Manual: "insure manual"}
	restore := escapeLongForMarkdown(cmd)
	err = doc.GenManTree(cmd, hdr, man)
	restore()
	if err != nil {
		return nil, err
	}
	synopses := map[string]string{}
	collectSynopses(cmd, synopses)
	for dir, dest := range map[string]string{md: "docs/commands", man: "docs/man"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			if dest == "docs/man" {
				data = withManSections(withSynopsis(data, synopses[e.Name()]))
			}
			out[dest+"/"+e.Name()] = data
		}
	}
	// cobra's tree generators skip help topics (`insure help exit-codes`);
	// `man insure-exit-codes` should find them too. Their text is laid out
	// by hand (aligned columns), so it is kept as written, not reflowed.
	for _, c := range cmd.Commands() {
		if c.IsAdditionalHelpTopicCommand() {
			out["docs/commands/insure_help_"+c.Name()+".md"] = topicMarkdown(c)
			topic := *hdr
			topic.Title = strings.ToUpper("insure-" + c.Name())
			out["docs/man/insure-"+c.Name()+".1"] = topicMan(c, &topic)
		}
	}
	return out, nil
}

// Dirs are the folders Files owns entirely: a file there that Files does
// not produce is stale.
var Dirs = []string{"completions", "docs/commands", "docs/man"}

// Write replaces the generated folders under repo with Files.
func Write(repo string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	for _, d := range Dirs {
		entries, _ := os.ReadDir(filepath.Join(repo, d))
		for _, e := range entries {
			if !e.IsDir() && e.Name() != "README.md" {
				_ = os.Remove(filepath.Join(repo, d, e.Name()))
			}
		}
	}
	for rel, data := range files {
		p := filepath.Join(repo, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Stale lists the differences between Files and what is under repo.
func Stale(repo string) ([]string, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	var stale []string
	for rel, want := range files {
		got, err := os.ReadFile(filepath.Join(repo, rel))
		if err != nil || !bytes.Equal(got, want) {
			stale = append(stale, rel)
		}
	}
	for _, d := range Dirs {
		entries, _ := os.ReadDir(filepath.Join(repo, d))
		for _, e := range entries {
			rel := d + "/" + e.Name()
			if _, ok := files[rel]; !ok && !e.IsDir() && e.Name() != "README.md" {
				stale = append(stale, rel+" (no longer generated)")
			}
		}
	}
	return stale, nil
}

// Check is for the test: an error naming the stale files and the fix.
func Check(repo string) error {
	stale, err := Stale(repo)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		return fmt.Errorf("generated files are stale; run `go generate ./...` and commit:\n  %s", strings.Join(stale, "\n  "))
	}
	return nil
}
