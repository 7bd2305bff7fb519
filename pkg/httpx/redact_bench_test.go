package httpx

import (
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
