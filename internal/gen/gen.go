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
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/completion"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/spf13/cobra/doc"
)

// Files returns every generated file, by path relative to the repository.
// The man pages are dated by SOURCE_DATE_EPOCH when it is set (a packager
// building from a release's commit), and undated otherwise.
func Files() (map[string][]byte, error) {
	date, err := manDate()
	if err != nil {
		return nil, err
	}
	return files(date)
}

// manDate is the man pages' date, "" for none. The pages are committed
// and CI checks them against a fresh generation, so the date cannot be
// the day they are generated; a fixed one ("Jan 2026") made a December
// build's pages look eleven months old, and the date of the last commit
// changes with the very commit that would record it. The version a page
// belongs to is the binary's (insure --version).
func manDate() (string, error) {
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	if epoch == "" {
		return "", nil
	}
	secs, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return "", fmt.Errorf("SOURCE_DATE_EPOCH %q is not a count of seconds: %w", epoch, err)
	}
	return time.Unix(secs, 0).UTC().Format("January 2006"), nil
}

// datePlaceholder is the date cobra is given, replaced by withDate.
const datePlaceholder = "Jan 2000"

// files is Files with the man pages dated date ("" for none).
func files(date string) (map[string][]byte, error) {
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
	// cobra always dates a page (today, when not told); withDate puts
	// manDate's in place of this one.
	placeholder := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	// No Title: cobra then heads each page with its own command
	// (INSURE-VIN-REPORT-BUY(1)); a fixed one headed every page INSURE(1).
	hdr := &doc.GenManHeader{Section: "1", Date: &placeholder, Source: "insure", Manual: "insure manual"}
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
				data = withDate(fitExampleBlocks(data), datePlaceholder, date)
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
			out["docs/man/insure-"+c.Name()+".1"] = topicMan(c, &topic, date)
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

// Stale lists the differences between Files and what is under repo. The
// pages under repo are the committed ones, which are undated whatever
// SOURCE_DATE_EPOCH says.
func Stale(repo string) ([]string, error) {
	files, err := files("")
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
