package sunshine_test

import (
	"crypto/md5"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

var keysOnce sync.Once
var testKeys struct {
	partner, platform *keyPair
}

type keyPair struct {
	priv *rsa.PrivateKey
	pub  *rsa.PublicKey
}

func keys(t *testing.T) (partner, platform *keyPair) {
	t.Helper()
	keysOnce.Do(func() {
		testKeys.partner = mustPair(sandbox.TestPartnerPrivateKeyPEM, sandbox.TestPartnerPublicKeyPEM)
		testKeys.platform = mustPair(sandbox.TestPlatformPrivateKeyPEM, sandbox.TestPlatformPublicKeyPEM)
	})
	return testKeys.partner, testKeys.platform
}

func mustPair(priv, pub string) *keyPair {
	k, err := sunshine.ParsePrivateKeyPEM([]byte(priv))
	if err != nil {
		panic(err)
	}
	p, err := sunshine.ParsePublicKeyPEM([]byte(pub))
	if err != nil {
		panic(err)
	}
	return &keyPair{priv: k, pub: p}
}

// The worked example of docs/providers/sunshine.md, checked against
// `openssl dgst -md5 -sign` when it was written.
const (
	workedRequest   = "<Request>\n\t<InputsList>\n\t\t<Inputs type=\"vehicleInfo\">\n\t\t\t<input name=\"licenseNo\">京A12345</input>\n\t\t</Inputs>\n\t</InputsList>\n</Request>"
	workedCanonical = `<Request><InputsList><Inputs type="vehicleInfo"><input name="licenseNo">京A12345</input></Inputs></InputsList></Request>`
	workedMD5       = "03c350dbd2317244a2463574c5c21938"
	workedSignature = "T6B0wJkWjqMwZFr29i4--ZWm4VJVQEuEDEov_a7qrnYhTt2wtXp-vFqxz7NTmhxn7hkaR1Det5dcwy_VuwkI62eWwusRFwRigLoj7idKYWe6s2zkwouLh-xVLJPMbt7loqSohg9tEcUflClMPJnokmh17zxA1toq4eE1rcPjqfg"
)

func TestWorkedExample(t *testing.T) {
	partner, _ := keys(t)
	doc, _ := sunshine.EncodeGBK([]byte("<Package>" + workedRequest + "<Sign></Sign></Package>"))
	canon, err := sunshine.CanonicalElement(doc, "Request")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := sunshine.EncodeGBK([]byte(workedCanonical))
	if string(canon) != string(want) || len(canon) != 120 {
		t.Fatalf("canonical bytes\n got %x\nwant %x", canon, want)
	}
	if sum := md5.Sum(canon); hex.EncodeToString(sum[:]) != workedMD5 {
		t.Errorf("md5 %x", sum)
	}
	sig, err := sunshine.SignRequest(canon, partner.priv)
	if err != nil {
		t.Fatal(err)
	}
	if sig != workedSignature || len(sig) != 171 {
		t.Errorf("signature %s (%d chars)", sig, len(sig))
	}
	if err := sunshine.VerifySignature(canon, sig, partner.pub); err != nil {
		t.Error(err)
	}
}

func TestVerifySignature(t *testing.T) {
	partner, platform := keys(t)
	canon := []byte("<Response><Order><TBOrderId>1</TBOrderId></Order></Response>")
	sig, _ := sunshine.SignRequest(canon, partner.priv)
	raw, _ := base64.RawURLEncoding.DecodeString(sig)
	tests := []struct {
		name string
		data []byte
		sig  string
		pub  *rsa.PublicKey
		ok   bool
	}{
		{"url-safe, no padding", canon, sig, partner.pub, true},
		{"standard alphabet, padded", canon, base64.StdEncoding.EncodeToString(raw), partner.pub, true},
		{"wrapped over lines", canon, sig[:60] + "\n\t" + sig[60:] + "\n", partner.pub, true},
		{"other key", canon, sig, platform.pub, false},
		{"changed byte", append([]byte("<Response> "), canon[10:]...), sig, partner.pub, false},
		{"empty", canon, "", partner.pub, false},
		{"garbage", canon, "!!!", partner.pub, false},
	}
	for _, tt := range tests {
		err := sunshine.VerifySignature(tt.data, tt.sig, tt.pub)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
		if err != nil && !errors.Is(err, sunshine.ErrBadSignature) {
			t.Errorf("%s: %v is not ErrBadSignature", tt.name, err)
		}
	}
}

func TestCompact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<a>\n\t<b> x </b>\r\n</a>", "<a><b> x </b></a>"},
		{"<a>text\n</a>", "<a>text\n</a>"},           // whitespace inside text stays
		{"<a> \n <b/> </a>", "<a><b/></a>"},          // empty elements too
		{"<a x='1 > 2'>v</a>", "<a x='1 > 2'>v</a>"}, // nothing to remove
	}
	for _, tt := range tests {
		if got := string(sunshine.Compact([]byte(tt.in))); got != tt.want {
			t.Errorf("Compact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalElement(t *testing.T) {
	doc := []byte("<PackageList><Package><Header><Version>2</Version></Header>\n <Request>\n  <!-- <Request> in a comment -->\n  <Note><![CDATA[</Request>]]></Note>\n </Request>\n<Sign>x</Sign></Package></PackageList>")
	got, err := sunshine.CanonicalElement(doc, "Request")
	if err != nil {
		t.Fatal(err)
	}
	if want := "<Request><!-- <Request> in a comment --><Note><![CDATA[</Request>]]></Note></Request>"; string(got) != want {
		t.Errorf("got %q", got)
	}
	if _, err := sunshine.CanonicalElement(doc, "Response"); err == nil {
		t.Error("no Response, no error")
	}
	if _, err := sunshine.CanonicalElement([]byte("<Request><a>"), "Request"); err == nil {
		t.Error("unterminated Request, no error")
	}
}

func TestSignDocument(t *testing.T) {
	partner, platform := keys(t)
	two := "<PackageList><Package><Header/><Request><IssueCode>1</IssueCode></Request></Package>" +
		"<Package><Header/><Request><IssueCode>2</IssueCode></Request><Sign>old</Sign></Package></PackageList>"
	signed, err := sunshine.SignDocument([]byte(two), "Request", partner.priv)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(signed), "<Sign>") != 2 || strings.Contains(string(signed), "old") {
		t.Fatalf("signed: %s", signed)
	}
	if err := sunshine.VerifyDocument(signed, "Request", partner.pub); err != nil {
		t.Error(err)
	}
	again, _ := sunshine.SignDocument(signed, "Request", partner.priv)
	if string(again) != string(signed) {
		t.Error("signing a signed document changed it")
	}
	if err := sunshine.VerifyDocument(signed, "Request", platform.pub); err == nil {
		t.Error("verified with the wrong key")
	}
	tampered := strings.Replace(string(signed), "<IssueCode>2", "<IssueCode>3", 1)
	if err := sunshine.VerifyDocument([]byte(tampered), "Request", partner.pub); err == nil || !strings.Contains(err.Error(), "package 2") {
		t.Errorf("tampered second package: %v", err)
	}
}

func TestKeys(t *testing.T) {
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := sunshine.ParsePrivateKeyPEM(privPEM)
	if err != nil || priv.N.BitLen() != 1024 {
		t.Fatalf("generated key: %v", err)
	}
	pub, err := sunshine.ParsePublicKeyPEM(pubPEM)
	if err != nil || pub.N.Cmp(priv.N) != 0 {
		t.Fatalf("generated public key: %v", err)
	}
	// Other encodings partners are given.
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)})
	if _, err := sunshine.ParsePrivateKeyPEM(pkcs1); err != nil {
		t.Errorf("PKCS#1 private: %v", err)
	}
	blk, _ := pem.Decode(pubPEM)
	if _, err := sunshine.ParsePublicKeyPEM([]byte(base64.StdEncoding.EncodeToString(blk.Bytes))); err != nil {
		t.Errorf("bare base64 public: %v", err)
	}
	if _, err := sunshine.ParsePublicKeyPEM(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)})); err != nil {
		t.Errorf("PKCS#1 public: %v", err)
	}
	path := filepath.Join(t.TempDir(), "partner.pem")
	if err := os.WriteFile(path, privPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if k, err := sunshine.ReadPrivateKey(path); err != nil || k.N.Cmp(priv.N) != 0 {
		t.Errorf("key file: %v", err)
	}
	if k, err := sunshine.ReadPublicKey(string(pubPEM)); err != nil || k.N.Cmp(priv.N) != 0 {
		t.Errorf("key text: %v", err)
	}
	if _, err := sunshine.ParsePrivateKeyPEM([]byte("not a key")); err == nil {
		t.Error("garbage accepted as a key")
	}
}

// A private key set through the environment from a CI variable often
// carries its line breaks as the two characters \n, or none at all (a
// one-line paste): it read as "neither PEM nor base64 DER" at every call.
func TestPrivateKeyWhoseLineBreaksWereLostIsRead(t *testing.T) {
	privPEM, _, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sunshine.ReadPrivateKey(string(privPEM))
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]string{
		`literal \n`:       strings.ReplaceAll(string(privPEM), "\n", `\n`),
		"spaces":           strings.ReplaceAll(string(privPEM), "\n", " "),
		`literal \r\n`:     strings.ReplaceAll(string(privPEM), "\n", `\r\n`),
		"no breaks at all": strings.ReplaceAll(string(privPEM), "\n", ""),
	} {
		got, err := sunshine.ReadPrivateKey(v)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
