package gen

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// manNoFillWidth is the widest a line man shows as written (an example,
// a help topic's columns) may be: man indents a section's text by 7
// columns, so 73 fills an 80-column terminal (MANWIDTH=80). The help
// text those lines come from is laid out for 80 columns with an indent
// of its own, and man added its 7 on top: up to 87 columns, wrapped by
// the terminal mid-word.
const manNoFillWidth = 73

// width is s's width on a terminal: a Chinese character takes two
// columns.
func width(s string) int { return runewidth.StringWidth(s) }

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// fitExampleBlocks fits every example block (.EX to .EE) of a cobra man
// page to manNoFillWidth: the indent the help text gives all its lines is
// dropped (man indents the block itself), and a command still too wide
// is continued on the next line with a backslash, as a shell reads it.
func fitExampleBlocks(page []byte) []byte {
	lines := strings.Split(string(page), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		if lines[i] != ".EX" {
			continue
		}
		end := i + 1
		for end < len(lines) && lines[end] != ".EE" {
			end++
		}
		block := make([]string, 0, end-i-1)
		for _, l := range lines[i+1 : end] {
			block = append(block, strings.ReplaceAll(l, `\\`, `\`))
		}
		for _, l := range fitShellLines(dedent(block), manNoFillWidth) {
			l = strings.ReplaceAll(l, `\`, `\\`)
			if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
				l = `\&` + l
			}
			out = append(out, l)
		}
		i = end - 1
	}
	return []byte(strings.Join(out, "\n"))
}

// dedent drops the indent all of lines' non-blank lines share.
func dedent(lines []string) []string {
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) != "" && (common < 0 || indentOf(l) < common) {
			common = indentOf(l)
		}
	}
	if common <= 0 {
		return lines
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if len(l) >= common {
			out[i] = l[common:]
		}
	}
	return out
}

// fitShellLines wraps each command line wider than max: a comment goes
// on under "# ", a command after a backslash, indented 2 more. What a
// wrapped command leaves over is joined to the line after when that one
// goes on with the same command, so the command is rewrapped rather than
// left with a short line in its middle.
func fitShellLines(lines []string, max int) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		cont := i > 0 && strings.HasSuffix(lines[i-1], ` \`)
		wrapped := wrapShell(lines[i], max, cont)
		for len(wrapped) > 1 && i+1 < len(lines) {
			last := wrapped[len(wrapped)-1]
			body, more := strings.CutSuffix(last, ` \`)
			next := lines[i+1]
			if !more || strings.TrimSpace(next) == "" || indentOf(next) != indentOf(last) {
				break
			}
			i++
			out = append(out, wrapped[:len(wrapped)-1]...)
			wrapped = wrapShell(body+" "+strings.TrimSpace(next), max, true)
		}
		out = append(out, wrapped...)
	}
	return out
}

// wrapShell wraps one line of a shell example; cont says it goes on
// with the command of the line before, so it is continued at its own
// indent rather than 2 more.
func wrapShell(line string, max int, cont bool) []string {
	if width(line) <= max {
		return []string{line}
	}
	indent := strings.Repeat(" ", indentOf(line))
	if strings.HasPrefix(strings.TrimSpace(line), "#") {
		first, rest, ok := breakWords(line, max, len(indent)+1)
		if !ok {
			return []string{line}
		}
		return append([]string{first}, wrapShell(indent+"# "+rest, max, false)...)
	}
	at := shellBreak(line, max-2)
	if at < 0 {
		return []string{line}
	}
	next := indent + "  "
	if cont {
		next = indent
	}
	var out []string
	for {
		out = append(out, line[:at]+` \`)
		line = next + strings.TrimLeft(line[at:], " ")
		if width(line) <= max {
			return append(out, line)
		}
		if at = shellBreak(line, max-2); at < 0 {
			return append(out, line)
		}
	}
}

// shellBreak is where to end line's first part, which must be at most
// max wide: at a space outside quotes and $(...), the last one before a
// pipe or redirection (unless that leaves the first line nearly empty),
// else the last one that does not part an option from its value
// ("--city 北京"), else the last one. -1 when there is none.
func shellBreak(line string, max int) int {
	operator, plain, any := -1, -1, -1
	var quote rune
	escaped := false
	depth := 0 // of $( ... )
	start := indentOf(line)
	for i, r := range line {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '(' && i > 0 && line[i-1] == '$':
			depth++
		case r == ')' && depth > 0:
			depth--
		case r == ' ' && i > start && line[i-1] != ' ':
			if width(line[:i]) > max {
				return pick(operator, plain, any)
			}
			next := strings.Fields(line[i:])
			if len(next) == 0 || next[0] == `\` {
				return pick(operator, plain, any) // the line's own continuation
			}
			any = i
			if depth > 0 {
				continue
			}
			prev := strings.Fields(line[:i])
			switch {
			case strings.ContainsAny(next[0][:1], "|>&") && width(line[:i]) >= max/3:
				operator = i
			case !isFlag(prev[len(prev)-1]) || isFlag(next[0]):
				plain = i
			}
		}
	}
	return pick(operator, plain, any)
}

// isFlag says a shell word is an option ("-o", "--city"); "-" (stdin) is
// a value.
func isFlag(word string) bool {
	return len(word) > 1 && word[0] == '-' && (word[1] == '-' || unicode.IsLetter(rune(word[1])))
}

// pick is the first of the break points found (-1: none).
func pick(points ...int) int {
	for _, p := range points {
		if p > 0 {
			return p
		}
	}
	return -1
}

// breakWords splits line at its last space that leaves the first part at
// most max wide, past column from (a table row's first columns stay
// whole); failing that, after a comma (JSON keeps its meaning). ok is
// false when neither is there.
func breakWords(line string, max, from int) (first, rest string, ok bool) {
	at, comma := -1, -1
	for i, r := range line {
		w := width(line[:i])
		if w <= from {
			continue
		}
		if w > max {
			break
		}
		switch {
		case r == ' ' && line[i-1] != ' ':
			at = i
		case r == ',' && width(line[:i+1]) <= max:
			comma = i + 1
		}
	}
	switch {
	case at > 0:
		return line[:at], strings.TrimLeft(line[at:], " "), true
	case comma > 0 && comma < len(line):
		return line[:comma], strings.TrimLeft(line[comma:], " "), true
	}
	return line, "", false
}

// hangOf is the column a wrapped line of a table row goes on at: where
// the text after its last gap of two or more spaces starts ("INSURE_X
// --x  what it does": under "what"); a line without one goes on at its
// own indent.
func hangOf(line string) int {
	hang := indentOf(line)
	body := line[hang:]
	for i := 0; i+2 < len(body); i++ {
		if body[i] == ' ' && body[i+1] == ' ' {
			j := i
			for j < len(body) && body[j] == ' ' {
				j++
			}
			hang = width(line[:indentOf(line)+j])
			i = j
		}
	}
	return hang
}

// continues says line goes on with the text of a row or paragraph whose
// wrapped lines start at column hang: it starts there and is plain text,
// no new row, list item or command.
func continues(line string, hang int) bool {
	t := strings.TrimSpace(line)
	return t != "" && indentOf(line) == hang && !strings.Contains(t, "  ") && !isCommand(line) &&
		!strings.HasPrefix(t, "- ") && !strings.HasPrefix(t, "* ") && !strings.HasPrefix(t, "• ")
}

// isCommand says line is an insure command line, to be continued with a
// backslash rather than rewrapped.
func isCommand(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "insure ") || strings.HasPrefix(t, "$ ")
}

// fitTopicLines fits a help topic's lines, laid out by hand in columns,
// to max: a line too wide is broken at a space past its first columns,
// and what is left goes on at the column its text starts at, joined to
// the line after when that one continues the same text (so a paragraph
// is rewrapped rather than left ragged). Lines that fit and do not take
// text from the line before are kept as written.
func fitTopicLines(lines []string, max int) []string {
	var out []string
	carry, hang := "", 0
	for i := 0; i < len(lines) || carry != ""; {
		var line string
		switch {
		case carry != "" && i < len(lines) && continues(lines[i], hang):
			line = strings.Repeat(" ", hang) + carry + " " + strings.TrimSpace(lines[i])
			i++
		case carry != "":
			line = strings.Repeat(" ", hang) + carry
		default:
			line = lines[i]
			i++
		}
		carry = ""
		if width(line) <= max {
			out = append(out, line)
			continue
		}
		if isCommand(line) {
			out = append(out, wrapShell(line, max, false)...)
			continue
		}
		h := hangOf(line)
		first, rest, ok := breakWords(line, max, h)
		if !ok {
			out = append(out, line)
			continue
		}
		out = append(out, first)
		carry, hang = rest, h
	}
	return out
}

// withDate puts date in place of placeholder as the .TH line's date;
// date "" leaves the page undated.
func withDate(page []byte, placeholder, date string) []byte {
	line, rest, ok := bytes.Cut(page, []byte("\n.TH "))
	if !ok {
		return page
	}
	th, after, _ := bytes.Cut(rest, []byte("\n"))
	th = bytes.Replace(th, []byte(`"`+placeholder+`"`), []byte(`"`+date+`"`), 1)
	out := append(append(append([]byte{}, line...), "\n.TH "...), th...)
	return append(append(out, '\n'), after...)
}
