package httpx

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// A server that refuses a JSON request often quotes the body it got inside
// its own JSON message: the secret is then escaped twice ("\\u0026" for
// "&"); a gateway's redirect may carry that body percent-encoded in its
// Location, or the URL it refused (a token in its query) escaped a second
// time. All are masked like the secret's other forms.
func TestSecretInAnEchoedJSONBodyIsMasked(t *testing.T) {
	const token = `Tk7+/=&"<%>~a1`
	sent, err := json.Marshal(map[string]string{"Token": token}) // as Go sends it: & < > escaped
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Location", "http://gateway.example/login?"+url.Values{"body": {string(body)}, "next": {r.URL.String()}}.Encode())
		for _, html := range []bool{true, false} { // Go's encoder, with and without HTML escaping
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(html)
			_ = enc.Encode(map[string]string{"msg": "bad request: " + string(body)})
		}
	}))
	defer srv.Close()
	res, err := http.Post(srv.URL+"/signout?"+url.Values{"token": {token}}.Encode(), "application/json", bytes.NewReader(sent))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	echo := res.Header.Get("Location") + "\n" + string(body)

	r := NewRedactor(token)
	results := map[string]string{"Apply": r.Apply(echo), "MaskKnown": MaskKnown(echo)}
	for name, got := range results {
		for _, part := range []string{"Tk7", "~a1", "a1\\"} {
			if strings.Contains(got, part) {
				t.Errorf("%s left the token's %q in:\n%s", name, part, got)
			}
		}
		if !strings.Contains(got, "bad request: ") || strings.Count(got, Mask) < 4 {
			t.Errorf("%s masked more or less than the token:\n%s", name, got)
		}
	}
}
