package httpx

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// DryRunRequest is a request as --dry-run shows it to a program (stdout
// not a terminal, or -o json): one JSON object per request, on one line.
// Body is the text sent, byte for byte, as a string, not parsed: eBao and
// Bihu sign the exact bytes, so a parsed and re-encoded body could not
// reproduce the signature (`jq -r '.body | fromjson'` reads a JSON body).
type DryRunRequest struct {
	DryRun  bool                `json:"dry_run"`
	Method  string              `json:"method"`
	URL     string              `json:"url"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body,omitempty"`
}

// RenderRequestJSON writes req as a DryRunRequest line. mask is applied to
// the URL, each header value and the body, the parts the text form masks
// as one string; applied before encoding, so that a secret holding a
// character JSON escapes is still found. A GBK body is decoded: JSON text
// is UTF-8, and masking matches UTF-8 strings.
func RenderRequestJSON(req *http.Request, body []byte, mask func(string) string) string {
	d := DryRunRequest{DryRun: true, Method: req.Method, URL: mask(req.URL.String()),
		Headers: make(map[string][]string, len(req.Header)),
		Body:    mask(string(displayBody(req.Header.Get("Content-Type"), body)))}
	for k, vs := range req.Header {
		shown := make([]string, len(vs))
		for i, v := range vs {
			shown[i] = mask(v)
		}
		d.Headers[k] = shown
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the URL's & as it is
	_ = enc.Encode(d)        // strings and string maps only: cannot fail
	return b.String()
}
