package httpx

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// echoServer answers every request with the text echo builds, as a
// gateway that repeats what it was sent (in a header and in the body).
func echoServer(t *testing.T, echo string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", echo)
		_, _ = io.WriteString(w, echo)
	}))
	t.Cleanup(srv.Close)
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.Header.Get("X-Echo") != echo || string(body) != echo {
		t.Fatalf("the server did not echo %q", echo)
	}
	return string(body)
}

// A gateway may change the case of some letters only. Every mix of case
// of the ASCII letters is masked, in the -v log and journal (Apply),
// error text (MaskKnown) and stdout (MaskKnownBytes); letters outside
// ASCII are compared as they are.
func TestSecretEchoedInAnyMixOfCaseIsMasked(t *testing.T) {
	const secret = "Sandbox-4s-pass"
	r := NewRedactor(secret, "密码Secret-ｓｅ9x")
	for _, echoed := range []string{
		"sANDBOX-4S-PASS", "SandBox-4S-Pass", "sandbox-4S-pASS",
		"密码sECRET-ｓｅ9X",        // non-ASCII as is, ASCII in another case
		"U2FuZGJveC00cy1wYXNz", // base64: its own case, one form among the others
	} {
		body := echoServer(t, `{"msg":"bad password `+echoed+`","code":401}`)
		want := `{"msg":"bad password ` + Mask + `","code":401}`
		if got := r.Apply(body); got != want {
			t.Errorf("Apply(%q) = %q", echoed, got)
		}
		if got := MaskKnown(body); got != want {
			t.Errorf("MaskKnown(%q) = %q", echoed, got)
		}
		if got, changed := MaskKnownBytes([]byte(body)); !changed || string(got) != want {
			t.Errorf("MaskKnownBytes(%q) = %q, %v", echoed, got, changed)
		}
	}
	// Percent-encoded with a mix of cases in the letters and the hex.
	if got := r.Apply("q=sAnDbOx-4S-pAsS&k=%E5%af%86%E7%a0%81sEcReT-%ef%bd%93%EF%BD%859X"); got != "q="+Mask+"&k="+Mask {
		t.Errorf("percent-encoded: %q", got)
	}
	// Full-width letters in a mix of cases are other letters: only the
	// whole secret in capitals (or lower case) changes their case too.
	if text := "密码SeCRET-Ｓｅ9x"; r.Apply(text) != text {
		t.Errorf("non-ASCII letter folded: %q", r.Apply(text))
	}
	if text := `{"quotationNumber":"Q2612010000000002","sandbox":"4s pass"}`; r.Apply(text) != text {
		t.Errorf("masked unrelated text: %q", r.Apply(text))
	}
}

// A secret inside a longer base64 value (Basic authorization, a token
// wrapping it) is masked where its bytes sit, at each of the three byte
// offsets, in either alphabet, padded or not: what is left is only the
// characters that also encode the neighbouring bytes.
func TestSecretInsideLongerBase64IsMasked(t *testing.T) {
	const secret = "sandbox-ebao-secret-7f3a"
	r := NewRedactor(secret)
	for _, user := range []string{"", "u", "ab", "abc", "agent-007:"} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			value := user + ":" + secret + "\xfb\xff~tail"
			full := enc.EncodeToString([]byte(value))
			body := echoServer(t, "Authorization: Basic "+full)
			for name, got := range map[string]string{"Apply": r.Apply(body), "MaskKnown": MaskKnown(body)} {
				before, after, ok := strings.Cut(strings.TrimPrefix(got, "Authorization: Basic "), Mask)
				// The secret's bytes are bits 8k to 8(k+n) of the value:
				// every character within them must be gone.
				k := len(user) + 1
				first, end := (8*k+5)/6, 8*(k+len(secret))/6
				if !ok || !strings.HasPrefix(full, before) || !strings.HasSuffix(full, after) ||
					len(before) > first || len(full)-len(after) < end {
					t.Errorf("%s of %q (%q) = %q", name, value, full, got)
				}
			}
			if got, changed := MaskKnownBytes([]byte(body)); !changed || strings.Contains(string(got), full[(8*(len(user)+1)+5)/6:][:8]) {
				t.Errorf("MaskKnownBytes(%q) = %q", full, got)
			}
		}
	}
	// Unrelated base64 is left alone.
	text := "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("agent-007:another-password-of-someone"))
	if got := r.Apply(text); got != text {
		t.Errorf("masked unrelated base64: %q", got)
	}
}
