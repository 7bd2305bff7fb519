package show

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/insurekit/insure/pkg/httpx"
)

// splitMessage cuts a recorded request or response into its head (request
// line and headers) and body.
func splitMessage(s string) (head, body string) {
	head, body, _ = strings.Cut(s, "\n\n")
	return head, body
}

// prettyMessage indents a JSON body; XML and anything else stay as
// recorded.
func prettyMessage(s string) string {
	head, body := splitMessage(s)
	t := strings.TrimSpace(body)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return s
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(t), "", "  ") != nil {
		return s
	}
	return head + "\n\n" + b.String() + "\n"
}

// curlOf renders the recorded request as a curl command: the method and
// headers from the recorded request, the recorded URL, the body as
// recorded (GBK bodies were recorded decoded, and are encoded back). Secrets were masked when
// the request was recorded, so the command needs them put back to work.
func curlOf(method, rawURL, request string) string {
	head, body := splitMessage(request)
	h := http.Header{}
	lines := strings.Split(head, "\n")
	for _, l := range lines[min(1, len(lines)):] {
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.EqualFold(k, "Host") {
			continue
		}
		h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		u = &url.URL{Opaque: rawURL}
	}
	body = strings.TrimSuffix(body, "\n")
	// A GBK body (Sunshine's) was recorded decoded: the command sends the
	// GBK bytes that were signed.
	return httpx.RenderCurl(&http.Request{Method: method, URL: u, Header: h}, httpx.SentBody(h.Get("Content-Type"), []byte(body)))
}
