package httpx

import (
	"strings"
	"testing"
)

// A secret-named member is found however its name is written: any letter
// case, \u escapes, nested; a body naming no secret adds nothing.
func TestAddFromBodyFindsSecretMembers(t *testing.T) {
	for _, tc := range []struct {
		body   string
		secret string // "" when nothing is to be masked
	}{
		{`{"data":{"Token":"tok-123456"}}`, "tok-123456"},
		{`{"\u0074oken":"tok-escaped"}`, "tok-escaped"},
		{`[{"a":[{"REFRESHTOKEN":"rt-99999"}]}]`, "rt-99999"},
		{`{"Authorization-Token":"auth-4242"}`, "auth-4242"},
		{`{"quotationNumber":"Q2612010000000001","fee":{"APP":30}}`, ""},
		{`{"note":"a token of thanks","x":"not-a-secret"}`, ""},
		{`{"SİGN":"sig-kelvin","data":1}`, "sig-kelvin"},
		{`{"toKen":"tok-kelvin"}`, "tok-kelvin"},
	} {
		r := NewRedactor()
		r.AddFromBody("application/json", []byte(tc.body))
		text := "seen: sig-kelvin tok-kelvin tok-123456 tok-escaped rt-99999 auth-4242 not-a-secret Q2612010000000001"
		got := r.Apply(text)
		if tc.secret != "" && strings.Contains(got, tc.secret) {
			t.Errorf("%s: %q not masked in %q", tc.body, tc.secret, got)
		}
		if tc.secret == "" && got != text {
			t.Errorf("%s: masked something: %q", tc.body, got)
		}
	}
}

// Every secret name holds a stem, so the quick pass before decoding a
// body never skips one.
func TestEverySecretNameHasAStem(t *testing.T) {
	for name := range secretNames {
		found := false
		for _, st := range secretStems {
			found = found || strings.Contains(name, st)
		}
		if !found {
			t.Errorf("secret name %q holds no stem of secretStems", name)
		}
	}
}
