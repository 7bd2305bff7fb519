package ebao

import (
	"os"
	"testing"
)

// BenchmarkSign is md5(body + secretKey) over the 1,310-byte example
// quotation; compare with `openssl speed -bytes 1300 md5` (docs/performance.md).
func BenchmarkSign(b *testing.B) {
	body, err := os.ReadFile("../../examples/ebao/quote.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Sign(body, "sandbox-ebao-secret-7f3a9c")
	}
}
