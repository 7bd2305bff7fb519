package root

import (
	"fmt"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/output"
	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"
)

// usage is cobra's default usage text with the flags' descriptions
// wrapped to the terminal's width (COLUMNS, else 80 in a pipe): cobra
// prints each description on one line, and --show-secrets' ran to 215
// columns, which a terminal broke mid-word under the flag names. The
// rest is cobra's layout, section for section, except that a usage line,
// a command's summary in a list and the closing hint wrap at that width
// too (insure sunshine deliver's usage ran to 143 columns).
func usage(c *cobra.Command) error {
	w := c.OutOrStderr()
	width := output.TerminalWidth()
	fmt.Fprint(w, "Usage:")
	if c.Runnable() {
		fmt.Fprintf(w, "\n  %s", wrapUsage(c.UseLine(), 2, width, "      "))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s [command]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(w, "\n\nAliases:\n  %s", c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\nExamples:\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		listCommands(w, c, width)
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\n\nFlags:\n%s", strings.TrimRight(c.LocalFlags().FlagUsagesWrapped(width), " \n"))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\n\nGlobal Flags:\n%s", strings.TrimRight(c.InheritedFlags().FlagUsagesWrapped(width), " \n"))
	}
	if c.HasHelpSubCommands() {
		fmt.Fprint(w, "\n\nAdditional help topics:")
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(w, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\n%s", wrapWords(fmt.Sprintf("Use \"%s [command] --help\" for more information about a command.", c.CommandPath()), 0, width, ""))
	}
	fmt.Fprintln(w)
	return nil
}

// listCommands writes c's subcommands, by group as cobra does.
// A summary too long for the line continues under its first word.
func listCommands(w io.Writer, c *cobra.Command, width int) {
	shown := func(sub *cobra.Command) bool { return sub.IsAvailableCommand() || sub.Name() == "help" }
	line := func(sub *cobra.Command) {
		indent := strings.Repeat(" ", 2+sub.NamePadding()+1)
		fmt.Fprintf(w, "\n  %-*s %s", sub.NamePadding(), sub.Name(), wrapWords(sub.Short, len(indent), width, indent))
	}
	if len(c.Groups()) == 0 {
		fmt.Fprint(w, "\n\nAvailable Commands:")
		for _, sub := range c.Commands() {
			if shown(sub) {
				line(sub)
			}
		}
		return
	}
	for _, g := range c.Groups() {
		fmt.Fprintf(w, "\n\n%s", g.Title)
		for _, sub := range c.Commands() {
			if sub.GroupID == g.ID && shown(sub) {
				line(sub)
			}
		}
	}
	if !c.AllChildCommandsHaveGroup() {
		fmt.Fprint(w, "\n\nAdditional Commands:")
		for _, sub := range c.Commands() {
			if sub.GroupID == "" && shown(sub) {
				line(sub)
			}
		}
	}
}

// wrapWords breaks s at spaces so that no line passes column limit, s
// starting at column start and the lines after the first with indent. A
// word wider than the line stays whole.
func wrapWords(s string, start, limit int, indent string) string {
	return wrapAt(strings.Split(s, " "), start, limit, indent)
}

// wrapUsage is wrapWords for a usage line: it breaks only between the
// groups of a usage line, never inside [--name N], and inside a group
// (--a | --b) only before a |.
func wrapUsage(s string, start, limit int, indent string) string {
	var groups []string
	depth, from := 0, 0
	for i, r := range s {
		switch r {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case ' ':
			// A group too long for a line breaks before one of its
			// alternatives (| --city NAME) and nowhere else.
			if depth == 0 || strings.HasPrefix(s[i+1:], "| ") {
				groups = append(groups, s[from:i])
				from = i + 1
			}
		}
	}
	return wrapAt(append(groups, s[from:]), start, limit, indent)
}

func wrapAt(words []string, start, limit int, indent string) string {
	var b strings.Builder
	col := start
	for i, word := range words {
		n := runewidth.StringWidth(word)
		switch {
		case i == 0:
		case col+1+n > limit:
			b.WriteString("\n" + indent)
			col = runewidth.StringWidth(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}
