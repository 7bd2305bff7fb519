package httpx

import (
	"fmt"
	"strings"
	"testing"
)

// knownLen is the number of secrets the process remembers.
func knownLen() int {
	known.mu.Lock()
	defer known.mu.Unlock()
	return len(known.settled) + len(known.fresh)
}

// A long batch meets more than maxKnown secrets: a new derived value at
// every request besides the profile's key, then a token renewed half-way
// (or the next profile's). The secret met last is masked in error text
// and on stdout however many came before it; the key, met at every
// request, too. Only a secret no request has met since maxKnown newer
// ones were is forgotten.
func TestSecretMetAfterTheCapIsStillMasked(t *testing.T) {
	const key = "cap-profile-secret-key-1"
	for i := range 3 * maxKnown {
		_ = NewRedactor(key, fmt.Sprintf("cap-derived-per-request-%08d", i))
	}
	const renewed = "cap-renewed-session-token-0A1B2C3D"
	_ = NewRedactor(key, renewed, "cap-derived-per-request-last")
	for _, s := range []string{renewed, key} {
		text := `{"msg":"session ` + s + ` refused"}`
		if got := MaskKnown(text); strings.Contains(got, s) {
			t.Errorf("MaskKnown left a secret met after %d others: %s", 3*maxKnown, got)
		}
		if got, changed := MaskKnownBytes([]byte(text)); !changed || strings.Contains(string(got), s) {
			t.Errorf("MaskKnownBytes left a secret met after %d others: %s", 3*maxKnown, got)
		}
	}
	if n := knownLen(); n > maxKnown+maxFresh {
		t.Errorf("%d secrets remembered, at most %d", n, maxKnown+maxFresh)
	}
}

// BenchmarkStdoutMaskAfterTheCap is BenchmarkStdoutMaskPerBatchLine once
// the process remembers maxKnown secrets: each line's new SecCode takes
// the place of the one met longest ago, so the masker is built again.
func BenchmarkStdoutMaskAfterTheCap(b *testing.B) {
	for i := range maxKnown {
		_ = NewRedactor("bench-profile-secret-key", fmt.Sprintf("%032X", 1<<40+i))
	}
	line := []byte(`{"line":1,"outcome":"ok","result":{"provider":"bihu","code":200,"msg":"续保成功","licenseNo":"京J97896"}}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := NewRedactor("bench-profile-secret-key", fmt.Sprintf("%032X", i))
		_ = r.Apply("x")
		MaskKnownBytes(line)
	}
}
