package sunshine_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// addManualSeeds adds the manual's example envelopes (testdata/manual,
// copied from the Sunshine document) in GBK, as the platform sends them.
func addManualSeeds(f *testing.F, add func(raw []byte)) {
	files, _ := filepath.Glob(filepath.Join("testdata", "manual", "*.xml"))
	if len(files) == 0 {
		f.Fatal("no manual examples")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if g, err := sunshine.EncodeGBK(b); err == nil {
			add(g)
		}
	}
	add([]byte(`<?xml version="1.0" encoding="GBK"?><PackageList><Package><Header><Version>2</Version></Header><Response></Response><Sign/></Package></PackageList>`))
	add([]byte(`<Package><Header/></Package>`))
	add([]byte(`<PackageList><Package><Response><![CDATA[<x>]]></Response></Package><Package/></PackageList>`))
	add([]byte("<PackageList>\xff\xfe<!-- c --></PackageList>"))
	add(nil)
}

// FuzzParseEnvelope parses arbitrary bytes as a GBK envelope. Property: no
// panic; what parses is written back by Marshal and parses again to the
// same envelope (parse -> serialise -> parse is stable).
func FuzzParseEnvelope(f *testing.F) {
	addManualSeeds(f, func(raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		env, err := sunshine.ParseEnvelope(raw)
		if err != nil {
			return
		}
		out, err := env.Marshal()
		if err != nil {
			return // not every parsed text is writable in GBK
		}
		again, err := sunshine.ParseEnvelope(out)
		if err != nil {
			t.Fatalf("reading our own output: %v\n%q", err, out)
		}
		if !reflect.DeepEqual(env, again) {
			t.Fatalf("round trip changed the envelope\nbefore %+v\nafter  %+v", env, again)
		}
	})
}

// FuzzReadResponse reads arbitrary answers. Property: no panic, and the
// accessors the commands use work on whatever was read.
func FuzzReadResponse(f *testing.F) {
	addManualSeeds(f, func(raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := sunshine.ReadResponse(raw)
		if err != nil {
			if r != nil {
				t.Fatal("an error with a response")
			}
			return
		}
		_ = r.Message()
		_ = r.Premiums()
		_ = r.ProposalNos()
		_ = r.PolicyNos()
		_ = r.NeedsInput()
		_ = r.NeedsVerificationCode()
		for _, g := range r.TagsList {
			for _, tag := range g.Tags {
				_ = tag.Options()
				_, _ = tag.Premium()
				_ = tag.Label()
			}
		}
	})
}

// FuzzCanonicalSignVerify checks the signed canonical element over
// arbitrary documents. Property: CanonicalElement and Compact are
// deterministic and Compact is idempotent; a document SignDocument signs
// with the sandbox's test partner key verifies with its public key, and
// signing it again changes nothing.
func FuzzCanonicalSignVerify(f *testing.F) {
	addManualSeeds(f, func(raw []byte) { f.Add(raw) })
	priv, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPartnerPrivateKeyPEM))
	if err != nil {
		f.Fatal(err)
	}
	pub, err := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPartnerPublicKeyPEM))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c := sunshine.Compact(raw)
		if !bytes.Equal(sunshine.Compact(c), c) {
			t.Fatalf("Compact is not idempotent on %q", raw)
		}
		for _, el := range []string{"Request", "Response"} {
			a, errA := sunshine.CanonicalElement(raw, el)
			b, errB := sunshine.CanonicalElement(raw, el)
			if !bytes.Equal(a, b) || (errA == nil) != (errB == nil) {
				t.Fatal("CanonicalElement is not deterministic")
			}
		}
		signed, err := sunshine.SignDocument(raw, "Request", priv)
		if err != nil {
			return
		}
		if err := sunshine.VerifyDocument(signed, "Request", pub); err != nil {
			t.Fatalf("a document signed with the test key does not verify: %v\n%q", err, signed)
		}
		again, err := sunshine.SignDocument(signed, "Request", priv)
		if err != nil || !bytes.Equal(again, signed) {
			t.Fatalf("signing a signed document changed it (%v)", err)
		}
	})
}
