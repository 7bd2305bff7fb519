package httpx

import (
	"net/http"
	"strings"
	"testing"
)

// The journal's text of a request and an answer: the request line, Host,
// the headers in key order (each value on its own line), an empty line,
// and the body ending in a newline.
func TestRenderedRequestAndAnswerAreTheJournalsText(t *testing.T) {
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:8790/ebao/q?version=1&accessKey=k", strings.NewReader(""))
	req.Header.Set("Content-Type", "application/json")
	req.Header["Accept"] = []string{"application/json", "text/plain"}
	got := RenderRequest(req, []byte(`{"a":1}`))
	want := "POST /ebao/q?version=1&accessKey=k HTTP/1.1\nHost: 127.0.0.1:8790\n" +
		"Accept: application/json\nAccept: text/plain\nContent-Type: application/json\n\n{\"a\":1}\n"
	if got != want {
		t.Errorf("request:\n%q\nwant\n%q", got, want)
	}
	if got := RenderRequest(req, nil); !strings.HasSuffix(got, "Content-Type: application/json\n\n") {
		t.Errorf("no body: %q", got)
	}

	resp := &http.Response{Header: http.Header{"Signature": {"abc"}, "Content-Length": {"3"}}}
	if got, want := renderResponse(resp, []byte("{}\n")), "Content-Length: 3\nSignature: abc\n\n{}\n"; got != want {
		t.Errorf("answer %q, want %q", got, want)
	}
}
