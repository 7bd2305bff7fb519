package paoding

import "testing"

// BenchmarkSign is md5(username + md5(password)).
func BenchmarkSign(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Sign("acme", "bench-password")
	}
}
