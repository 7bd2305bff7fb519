package httpx

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// RenderRequest writes a request as HTTP/1.1 text: the fully signed request
// that --dry-run shows.
func RenderRequest(req *http.Request, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\n", req.Method, req.URL.RequestURI())
	fmt.Fprintf(&b, "Host: %s\n", req.URL.Host)
	for _, k := range sortedKeys(req.Header) {
		for _, v := range req.Header[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	if len(body) > 0 {
		b.Write(body)
		if body[len(body)-1] != '\n' {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// RenderCurl writes an equivalent curl command line.
func RenderCurl(req *http.Request, body []byte) string {
	var b strings.Builder
	b.WriteString("curl -sS")
	if req.Method != http.MethodGet || len(body) > 0 {
		b.WriteString(" -X " + req.Method)
	}
	for _, k := range sortedKeys(req.Header) {
		for _, v := range req.Header[k] {
			b.WriteString(" \\\n  -H " + shellQuote(k+": "+v))
		}
	}
	if len(body) > 0 {
		b.WriteString(" \\\n  --data-binary " + shellQuote(string(body)))
	}
	b.WriteString(" \\\n  " + shellQuote(req.URL.String()) + "\n")
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
