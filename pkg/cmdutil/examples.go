package cmdutil

import "strings"

// ExampleCommands are the insure command lines of a command's Example
// text, read as a shell reads them: a line ending in a backslash goes on
// on the next (help fits 80 columns, so long examples are broken that
// way), and a comment after two spaces and a # is dropped. Lines that do
// not start with "insure " (output, pipelines into insure) are left out.
// Hints quote these lines, and tests run them.
func ExampleCommands(example string) []string {
	var out []string
	var line strings.Builder
	for _, l := range strings.Split(example, "\n") {
		l, _, _ = strings.Cut(l, "  #")
		l = strings.TrimSpace(l)
		l, more := strings.CutSuffix(l, `\`)
		if l = strings.TrimSpace(l); l != "" {
			if line.Len() > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(l)
		}
		if more {
			continue
		}
		if s := line.String(); strings.HasPrefix(s, "insure ") {
			out = append(out, s)
		}
		line.Reset()
	}
	if s := line.String(); strings.HasPrefix(s, "insure ") {
		out = append(out, s)
	}
	return out
}
