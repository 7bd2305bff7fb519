package config

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/pemtext"
)

// CheckPEM refuses a value that holds PEM text ("-----BEGIN") that does
// not read as PEM even after NormalizePEM, naming provider.key; the value
// is never repeated. Nil for any other value.
func CheckPEM(provider, key, value string) *failure.FieldError {
	if !strings.Contains(value, "-----BEGIN") || pemtext.Reads(pemtext.Normalize(value)) {
		return nil
	}
	return &failure.FieldError{Field: strings.ToLower(provider + "." + key),
		Rule:    "holds PEM text that cannot be read: it needs its -----BEGIN ...----- line, the base64 lines and the matching -----END ...----- line",
		Example: "the path of the PEM file, such as /etc/insure/partner.pem"}
}

// NormalizePEM is pemtext.Normalize: a value holding PEM text that lost
// its line breaks, given them back.
func NormalizePEM(v string) string { return pemtext.Normalize(v) }

// IsKeySetting says provider.key holds a PEM key or its file's path
// (sunshine.private-key, sunshine.platform-public-key). The schema has no
// mark for such settings, so their names tell: every one ends so.
func IsKeySetting(key string) bool {
	key = strings.ToLower(strings.TrimSpace(key))
	return strings.HasSuffix(key, "private-key") || strings.HasSuffix(key, "public-key")
}

// NormalizeKeyValue is NormalizePEM, and for a key setting given the bare
// base64 of a DER key (what Java tooling and partner consoles hand out,
// the PEM body without its header lines), that key wrapped in the PEM
// header of its form ("PRIVATE KEY" for PKCS#8, "RSA PRIVATE KEY" for
// PKCS#1, "PUBLIC KEY", "CERTIFICATE"). Saved bare, such a value was
// read as a file's path wherever it was shorter than a key usually is;
// wrapped, it is what any tool reads, and never taken for a path. A value
// that is not such base64 is returned as NormalizePEM returns it.
func NormalizeKeyValue(key, value string) string {
	value = NormalizePEM(value)
	if !IsKeySetting(key) || strings.Contains(value, "-----BEGIN") {
		return value
	}
	if block := derKeyBlock(key, value); block != nil {
		return string(pem.EncodeToMemory(block))
	}
	return value
}

// derKeyBlock reads value as the base64 of a DER key of the kind the
// setting holds (a private key for *private-key, a public key or a
// certificate otherwise); nil when it is not one.
func derKeyBlock(key, value string) *pem.Block {
	s := strings.Join(strings.Fields(value), "")
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(der) == 0 {
		return nil
	}
	forms := []struct {
		typ   string
		reads func([]byte) error
	}{
		{"PUBLIC KEY", func(b []byte) error { _, err := x509.ParsePKIXPublicKey(b); return err }},
		{"RSA PUBLIC KEY", func(b []byte) error { _, err := x509.ParsePKCS1PublicKey(b); return err }},
		{"CERTIFICATE", func(b []byte) error { _, err := x509.ParseCertificate(b); return err }},
	}
	if strings.HasSuffix(strings.ToLower(key), "private-key") {
		forms = []struct {
			typ   string
			reads func([]byte) error
		}{
			{"PRIVATE KEY", func(b []byte) error { _, err := x509.ParsePKCS8PrivateKey(b); return err }},
			{"RSA PRIVATE KEY", func(b []byte) error { _, err := x509.ParsePKCS1PrivateKey(b); return err }},
			{"EC PRIVATE KEY", func(b []byte) error { _, err := x509.ParseECPrivateKey(b); return err }},
		}
	}
	for _, f := range forms {
		if f.reads(der) == nil {
			return &pem.Block{Type: f.typ, Bytes: der}
		}
	}
	return nil
}

// CheckStdinKey refuses a key setting's value read from stdin that is
// neither PEM text nor the path of an existing file (after
// NormalizeKeyValue, which has turned a base64 DER key into PEM): saved,
// it was taken for a path and failed only at the first use, "cannot be
// read: open ...". A path given on stdin is unusual but honest, so an
// existing file passes. The value is never repeated. Nil for any other
// setting.
func CheckStdinKey(profile, provider, key, value string) *failure.FieldError {
	if !IsKeySetting(key) || strings.Contains(value, "-----BEGIN") {
		return nil
	}
	if st, err := os.Stat(value); err == nil && st.Mode().IsRegular() {
		return nil
	}
	want, header := "a private key", "PRIVATE KEY"
	if !strings.HasSuffix(strings.ToLower(key), "private-key") {
		want, header = "a public key or certificate", "PUBLIC KEY"
	}
	name := strings.ToLower(provider + "." + key)
	return &failure.FieldError{Field: name,
		Rule: "is neither PEM text, nor the base64 of " + want + " in DER form, nor the path of an existing file " +
			"(a key body cut short, or a path that does not exist here?)",
		Example: "insure profile add " + profile + " --secret-stdin " + name + " < key.pem, the file's text being a -----BEGIN " + header +
			"----- line, its base64 lines and an -----END " + header + "----- line"}
}
