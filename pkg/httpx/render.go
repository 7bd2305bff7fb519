package httpx

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"
)

// RenderRequest writes a request as HTTP/1.1 text: the fully signed request
// that --dry-run shows.
func RenderRequest(req *http.Request, body []byte) string {
	return renderRequest(req, body, false)
}

// RecordRequest is RenderRequest for the journal: the body is always
// followed by one more newline, so that a body's own last newline (which
// eBao's signature covers) can be told from the text's, and history show
// --curl gives back the bytes that were sent.
func RecordRequest(req *http.Request, body []byte) string {
	return renderRequest(req, body, true)
}

// ShownFromRecorded is the RenderRequest text of a RecordRequest text
// whose body ended as body does.
func ShownFromRecorded(recorded string, body []byte) string {
	if len(body) > 0 && body[len(body)-1] == '\n' {
		return recorded[:len(recorded)-1]
	}
	return recorded
}

func renderRequest(req *http.Request, body []byte, exact bool) string {
	var b strings.Builder
	uri := req.URL.RequestURI()
	// Sized for the whole text at once: a batch renders every request.
	b.Grow(len(req.Method) + len(uri) + len(req.URL.Host) + headerSize(req.Header) + len(body) + 32)
	b.WriteString(req.Method + " " + uri + " HTTP/1.1\n")
	b.WriteString("Host: " + req.URL.Host + "\n")
	writeHeaderAndBody(&b, req.Header, body)
	if exact && len(body) > 0 && body[len(body)-1] == '\n' {
		b.WriteByte('\n')
	}
	return b.String()
}

// headerSize is the length of h written as "Key: value\n" lines.
func headerSize(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 3
		}
	}
	return n
}

// writeHeaderAndBody writes h as "Key: value" lines in key order, an
// empty line, and body ending in a newline.
func writeHeaderAndBody(b *strings.Builder, h http.Header, body []byte) {
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	b.WriteByte('\n')
	if len(body) > 0 {
		b.Write(body)
		if body[len(body)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
}

// RenderCurl writes an equivalent curl command line.
func RenderCurl(req *http.Request, body []byte) string {
	var b strings.Builder
	binary := len(body) > 0 && !utf8.Valid(body)
	if binary {
		b.WriteString(printfQuote(body) + " |\n")
	}
	b.WriteString("curl -sS")
	if req.Method != http.MethodGet || len(body) > 0 {
		b.WriteString(" -X " + req.Method)
	}
	for _, k := range sortedKeys(req.Header) {
		for _, v := range req.Header[k] {
			b.WriteString(" \\\n  -H " + shellQuote(k+": "+v))
		}
	}
	switch {
	case binary:
		b.WriteString(" \\\n  --data-binary @-")
	case len(body) > 0:
		b.WriteString(" \\\n  --data-binary " + shellQuote(string(body)))
	}
	b.WriteString(" \\\n  " + shellQuote(req.URL.String()) + "\n")
	return b.String()
}

// printfQuote writes a printf command whose output is body's exact bytes,
// for a body that is not UTF-8 (Sunshine's GBK), piped into curl. Quoted
// raw, a terminal showed the GBK bytes as something else (粤A12345 as
// A12345) and the pasted command sent other bytes than were signed; every
// byte outside printable ASCII is therefore an octal escape, which POSIX
// printf reads in every shell (dash, bash, zsh, ksh; bash's $'...' is not
// in dash), and which keeps even a NUL that no shell word can hold.
func printfQuote(body []byte) string {
	var b strings.Builder
	b.WriteString("printf '")
	for _, c := range body {
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '%':
			b.WriteString("%%")
		case c == '\'':
			b.WriteString(`'\''`)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
