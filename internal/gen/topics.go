package gen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// topicMarkdown is a help topic's page in the Markdown reference: its
// text in a preformatted block, as `insure help NAME` prints it.
func topicMarkdown(c *cobra.Command) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## insure help %s\n\n%s\n\n```text\n%s\n```\n\n", c.Name(), c.Short, strings.TrimRight(c.Long, "\n"))
	fmt.Fprintf(&b, "### SEE ALSO\n\n* [insure](insure.md)\t - %s\n", c.Root().Short)
	return b.Bytes()
}

// topicMan is a help topic's man page, insure-NAME(1), dated date ("" for
// none), with its text in no-fill mode so the columns stay aligned, and
// fitted to the width man leaves it (fitTopicLines).
func topicMan(c *cobra.Command, hdr *doc.GenManHeader, date string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, ".nh\n.TH %q %q %q %q %q\n\n", hdr.Title, hdr.Section, date, hdr.Source, hdr.Manual)
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n\n", roff("insure-"+c.Name()), roff(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fBinsure help %s\\fP\n\n", roff(c.Name()))
	b.WriteString(".SH DESCRIPTION\n.nf\n")
	for _, line := range fitTopicLines(strings.Split(strings.TrimRight(c.Long, "\n"), "\n"), manNoFillWidth) {
		b.WriteString(roff(line) + "\n")
	}
	b.WriteString(".fi\n\n.SH SEE ALSO\n\\fBinsure(1)\\fP\n")
	return b.Bytes()
}

// roff escapes text for a man page line: backslashes, hyphens (so they
// are not typeset as dashes or break words), and a leading dot or quote,
// which roff would take for a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
