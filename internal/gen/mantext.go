package gen

import (
	"bytes"
	"strings"

	"github.com/spf13/cobra"
)

// cobra's man generator passes each command's usage line and long text
// through a Markdown renderer, which took <command> and <Request> for HTML
// tags and dropped them, "[--provider bihu] (--plate ...)" for a link, and
// the underscores of $XDG_CONFIG_HOME for emphasis. The help text is
// plain text, so the man pages must show it as written.

// collectSynopses maps each man page's file name (as cobra names it) to
// its command's usage line.
func collectSynopses(c *cobra.Command, out map[string]string) {
	if !c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() {
		return
	}
	out[strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"] = c.UseLine()
	for _, s := range c.Commands() {
		collectSynopses(s, out)
	}
}

// withSynopsis replaces the body of a page's SYNOPSIS with the usage line,
// escaped for roff rather than rendered as Markdown.
func withSynopsis(page []byte, use string) []byte {
	if use == "" {
		return page
	}
	const head = ".SH SYNOPSIS\n"
	i := bytes.Index(page, []byte(head))
	if i < 0 {
		return page
	}
	start := i + len(head)
	end := bytes.Index(page[start:], []byte("\n.SH "))
	if end < 0 {
		return page
	}
	end += start + 1
	out := append([]byte{}, page[:start]...)
	out = append(out, "\\fB"+roff(use)+"\\fP\n\n"...)
	return append(out, page[end:]...)
}

// escapeLongForMarkdown backslash-escapes, in every command's long text,
// the characters Markdown would read as tags, links or emphasis, outside
// `code spans` and indented blocks (which Markdown shows as written). It
// returns a function that puts the texts back.
func escapeLongForMarkdown(root *cobra.Command) func() {
	saved := map[*cobra.Command]string{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		saved[c] = c.Long
		c.Long = markdownEscape(c.Long)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	return func() {
		for c, long := range saved {
			c.Long = long
		}
	}
}

func markdownEscape(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue
		}
		var b strings.Builder
		inCode := false
		for _, r := range line {
			if r == '`' {
				inCode = !inCode
			} else if !inCode && strings.ContainsRune(`\<>_*[]`, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}
