package httpx

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// base64Token is a secret with every base64 special: '+', '/' and '='.
const base64Token = "q8+Vd3/Kx9Lm+Zr2/Wp0Ab=="

// separatorEchoes are base64Token as servers and encoders leave it: '+'
// read as a space by a form-style decoder (and encoded again), and each
// special escaped or not whatever is done to the others.
var separatorEchoes = map[string]string{
	"plus as space":           "q8 Vd3/Kx9Lm Zr2/Wp0Ab==",
	"plus as space, %20":      "q8%20Vd3/Kx9Lm%20Zr2/Wp0Ab==",
	"plus as space, rest esc": "q8 Vd3%2FKx9Lm Zr2%2FWp0Ab%3D%3D",
	"only plus escaped":       "q8%2BVd3/Kx9Lm%2BZr2/Wp0Ab==",
	"python quote":            "q8%2bVd3/Kx9Lm%2bZr2/Wp0Ab%3d%3d",
	"slash kept":              "q8%2BVd3/Kx9Lm%2BZr2/Wp0Ab%3D%3D",
	"equals raw":              "q8%2BVd3%2FKx9Lm%2BZr2%2FWp0Ab==",
	"equals only escaped":     "q8+Vd3/Kx9Lm+Zr2/Wp0Ab%3D%3D",
	"space in JSON, \\/":      `q8 Vd3\/Kx9Lm Zr2\/Wp0Ab==`,
}

func TestBase64TokenEchoedWithItsSpecialsDecodedOrEscapedIsMasked(t *testing.T) {
	r := NewRedactor(base64Token)
	for name, echoed := range separatorEchoes {
		body := echoServer(t, `{"error":"invalid token `+echoed+`"}`)
		want := `{"error":"invalid token ` + Mask + `"}`
		if got := r.Apply(body); got != want {
			t.Errorf("%s: Apply = %q", name, got)
		}
		if got := MaskKnown(body); got != want {
			t.Errorf("%s: MaskKnown = %q", name, got)
		}
		if got, changed := MaskKnownBytes([]byte(body)); !changed || string(got) != want {
			t.Errorf("%s: MaskKnownBytes = %q", name, got)
		}
	}
	// The same text with other letters is not a form of the token.
	if text := "q8 Vd3/Kx9Lm Zr2/Wp0Ac=="; r.Apply(text) != text {
		t.Errorf("masked unrelated text: %q", r.Apply(text))
	}
}

// Through the -v log and the journal: a token sent unescaped in a query
// (a URL built by concatenation) reaches a server that decodes the query
// form-style, '+' becoming a space, and quotes it in its error.
func TestWireLogAndJournalMaskTokenDecodedFormStyle(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"error":"unknown session `+r.URL.Query().Get("s")+`"}`)
	}))
	defer srv.Close()
	var log bytes.Buffer
	j := &memJournal{}
	c := NewClient(Options{Verbose: &log, Journal: j, Profile: "p"})
	ctx := WithCall(context.Background(), Call{Provider: "bihu", Operation: "renewal", Secrets: []string{base64Token}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/renewal?s="+base64Token, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	decoded := separatorEchoes["plus as space"]
	if !strings.Contains(string(got), decoded) {
		t.Fatalf("the server did not echo the token decoded form-style: %q", got)
	}
	if len(j.entries) != 1 {
		t.Fatalf("journal entries: %d", len(j.entries))
	}
	for name, text := range map[string]string{"log": log.String(), "journal request": j.entries[0].Request, "journal response": j.entries[0].Response, "journal url": j.entries[0].URL} {
		if strings.Contains(text, decoded) || strings.Contains(text, base64Token) {
			t.Errorf("the %s shows the token", name)
		}
	}
	if !strings.Contains(j.entries[0].Response, "unknown session "+Mask) {
		t.Errorf("the journal's answer lost its text: %q", j.entries[0].Response)
	}
}
