package root

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"
)

// helpWidth is the terminal the help is written for.
const helpWidth = 80

// Every command's --help and every help topic (insure help environment)
// fits an 80-column terminal: descriptions, examples and the help topics
// ran past it, and a terminal broke them mid-word. A command line too
// long for one line continues on the next after a backslash, as a shell
// reads it. Width is counted in columns: a Chinese character takes two.
func TestEveryHelpFitsIn80Columns(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	e := cmdtest.New(t, cmdtest.Options{})
	var paths [][]string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == cobra.ShellCompRequestCmd {
			return
		}
		paths = append(paths, strings.Fields(c.CommandPath())[1:])
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(NewCmdRoot(e.F))
	topics := 0
	for _, path := range paths {
		args := append(append([]string{}, path...), "--help")
		if len(path) == 1 && isHelpTopic(path[0]) {
			args = []string{"help", path[0]}
			topics++
		}
		e.Reset()
		if err := execRoot(e, args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if e.Out.Len() == 0 {
			t.Fatalf("%v: no help", args)
		}
		for _, l := range strings.Split(e.Out.String(), "\n") {
			if w := runewidth.StringWidth(l); w > helpWidth {
				t.Errorf("insure %s: %d columns: %s", strings.Join(args, " "), w, l)
			}
		}
	}
	if len(paths) < 40 || topics != len(helpTopics) {
		t.Fatalf("%d commands and %d topics rendered: the walk missed the tree", len(paths), topics)
	}
}

func isHelpTopic(name string) bool {
	for _, t := range helpTopics {
		if t.name == name {
			return true
		}
	}
	return false
}
