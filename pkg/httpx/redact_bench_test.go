package httpx

import (
	"fmt"
	"os"
	"testing"
)

// BenchmarkMaySpellSecretName scans the example eBao quotation (1.3 KB,
// no secret member), as the journal does for every request a batch sends.
func BenchmarkMaySpellSecretName(b *testing.B) {
	body, err := os.ReadFile("../../examples/ebao/quote.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if maySpellSecretName(body) {
			b.Fatal("the example spells a secret name")
		}
	}
}

// BenchmarkRedactorPerRequest is what a batch line pays: a Redactor made
// for the request over the same secret, its rendering and answer masked.
func BenchmarkRedactorPerRequest(b *testing.B) {
	body, err := os.ReadFile("../../examples/ebao/quote.json")
	if err != nil {
		b.Fatal(err)
	}
	text := string(body)
	b.ReportAllocs()
	for b.Loop() {
		r := NewRedactor("sandbox-ebao-secret-7f3a9c")
		_ = r.Apply(text)
		_ = r.Apply(text)
	}
}

// BenchmarkStdoutMaskPerBatchLine is a batch whose every request carries a
// new derived secret (Bihu's SecCode) besides the profile's key, and whose
// every result line passes through MaskKnownBytes on its way to stdout.
// Each new secret used to grow the process's set and rebuild the masker
// over all of it, so the cost of a line grew with the lines before it;
// then it churned the set's fresh part. Marked per-request, as Bihu's
// client marks it, it stays out of the set.
func BenchmarkStdoutMaskPerBatchLine(b *testing.B) {
	line := []byte(`{"line":1,"outcome":"ok","result":{"provider":"bihu","code":200,"msg":"续保成功","licenseNo":"京J97896"}}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := NewRedactor("bench-profile-secret-key")
		r.AddPerRequest(fmt.Sprintf("%032X", i))
		_ = r.Apply("x")
		MaskKnownBytes(line)
	}
}

// BenchmarkStdoutMaskPerBatchLineRemembered is the same line with the
// derived secret not marked per-request: remembered, as every one was.
func BenchmarkStdoutMaskPerBatchLineRemembered(b *testing.B) {
	line := []byte(`{"line":1,"outcome":"ok","result":{"provider":"bihu","code":200,"msg":"续保成功","licenseNo":"京J97896"}}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := NewRedactor("bench-profile-secret-key", fmt.Sprintf("%032X", i))
		_ = r.Apply("x")
		MaskKnownBytes(line)
	}
}
