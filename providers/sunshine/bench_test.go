package sunshine_test

import (
	"crypto/rsa"
	"os"
	"path/filepath"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// benchRequest is the manual's 100 request (1,455 bytes as UTF-8).
func benchRequest(b *testing.B) []byte {
	doc, err := os.ReadFile(filepath.Join("testdata", "manual", "100-request.xml"))
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

// BenchmarkCanonicalGBK is what signing costs before the RSA step: the
// request encoded to GBK and its <Request> element canonicalised.
func BenchmarkCanonicalGBK(b *testing.B) {
	doc := benchRequest(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		g, err := sunshine.EncodeGBK(doc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sunshine.CanonicalElement(g, "Request"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCanonicalElement(b *testing.B) {
	g, _ := sunshine.EncodeGBK(benchRequest(b))
	b.SetBytes(int64(len(g)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sunshine.CanonicalElement(g, "Request"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeGBK(b *testing.B) {
	doc := benchRequest(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sunshine.EncodeGBK(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeGBK(b *testing.B) {
	g, _ := sunshine.EncodeGBK(benchRequest(b))
	b.SetBytes(int64(len(g)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sunshine.DecodeGBK(g); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignDocument is the whole signature: GBK, canonical form,
// MD5withRSA with the sandbox's 1024-bit partner key, the Sign spliced in.
func BenchmarkSignDocument(b *testing.B) {
	doc := benchRequest(b)
	key := mustKey(b)
	b.ReportAllocs()
	for b.Loop() {
		g, err := sunshine.EncodeGBK(doc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sunshine.SignDocument(g, "Request", key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEnvelope(b *testing.B) {
	g, _ := sunshine.EncodeGBK(benchRequest(b))
	b.SetBytes(int64(len(g)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sunshine.ParseEnvelope(g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalEnvelope(b *testing.B) {
	g, _ := sunshine.EncodeGBK(benchRequest(b))
	env, err := sunshine.ParseEnvelope(g)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := env.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}

func mustKey(b *testing.B) *rsa.PrivateKey {
	k, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPartnerPrivateKeyPEM))
	if err != nil {
		b.Fatal(err)
	}
	return k
}
