package config

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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

// NormalizeKeyValue is NormalizePEM, and for a key setting a path starting
// "~/" with the home folder put for the "~" (ExpandHome), and given the bare
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
	if home, ok := ExpandHome(value); ok {
		return home
	}
	if block := derKeyBlock(key, value); block != nil {
		return string(pem.EncodeToMemory(block))
	}
	return value
}

// ExpandHome is path with a leading "~/" read as the home folder, as a
// shell would have read it unquoted; ok is false for any other path, and
// when the home folder is not known. The wizard's answers, quoted --set
// values and --secret-stdin reach insure untouched: an engineer who had
// just made keys under ~/.config/insure/keys typed that path, and it was
// refused as "not the path of an existing file". Only "~/" is expanded:
// "~user" needs the password database, and a file may be named "~x".
// The expanded path is what is saved, so the profile works from any
// directory.
func ExpandHome(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok {
		return path, false
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return path, false
	}
	return filepath.Join(home, rest), true
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

// CheckStdinKey is CheckKeySource for a value read by --secret-stdin,
// its example being that way of giving a key. Nil for any other setting.
func CheckStdinKey(profile, provider, key, value string) *failure.FieldError {
	fe := CheckKeySource(provider, key, value)
	if fe == nil {
		return nil
	}
	header := "PRIVATE KEY"
	if !isPrivateKeySetting(key) {
		header = "PUBLIC KEY"
	}
	fe.Example = "insure profile add " + profile + " --secret-stdin " + fe.Field + " < key.pem, the file's text being a -----BEGIN " + header +
		"----- line, its base64 lines and an -----END " + header + "----- line"
	return fe
}

// CheckKeySource refuses a key setting's value (after NormalizeKeyValue,
// which has turned a base64 DER key into PEM) that gives no key of the
// setting's kind: PEM text holding none, or a path that is no readable
// file holding one (PEM or base64 DER, as Sunshine reads it). Saved, such
// a value failed only at the first request, "cannot be read: open ...".
// Whichever way a key setting is written (--set, --secret-stdin, the
// wizard) it passes here. The value is never repeated: a private key's
// setting is secret, and a key pasted short would read as a path. Nil for
// any other setting, and for an empty value (which keeps the current one
// or leaves the setting unset).
func CheckKeySource(provider, key, value string) *failure.FieldError {
	if !IsKeySetting(key) || value == "" {
		return nil
	}
	want := "a private key"
	if !isPrivateKeySetting(key) {
		want = "a public key or certificate"
	}
	fe := &failure.FieldError{Field: strings.ToLower(provider + "." + key), Example: "/etc/insure/partner.pem"}
	if !isPrivateKeySetting(key) {
		fe.Example = "/etc/insure/platform.pem"
	}
	if strings.Contains(value, "-----BEGIN") {
		if !holdsKey(key, []byte(value)) {
			fe.Rule = "holds PEM text but not " + want + " that insure can read (the other key of the pair?)"
			return fe
		}
		return nil
	}
	st, err := os.Stat(value)
	switch {
	case err != nil && strings.HasPrefix(value, "~"):
		// ExpandHome has read "~/" already: what is left is "~user/"
		// or a home folder that is not known.
		fe.Rule = "starts with ~, which insure reads only as ~/ (your home folder, from $HOME); give the key file's absolute path"
	case err != nil:
		fe.Rule = "is neither PEM text, nor the base64 of " + want + " in DER form, nor the path of an existing file " +
			"(a key body cut short, or a path that does not exist here?)"
	case st.IsDir():
		fe.Rule = "names a folder; it must be " + want + "'s PEM file or its text"
	default:
		b, rerr := os.ReadFile(value)
		switch {
		case rerr != nil:
			fe.Rule = "names a file that cannot be read (" + readProblem(rerr) + "); it must be readable by you"
		case !holdsKey(key, b):
			fe.Rule = "names a file that holds no " + strings.TrimPrefix(strings.TrimPrefix(want, "a "), "an ") +
				" in PEM or base64 DER form (the other key of the pair?)"
		default:
			return nil
		}
	}
	return fe
}

func isPrivateKeySetting(key string) bool {
	return strings.HasSuffix(strings.ToLower(strings.TrimSpace(key)), "private-key")
}

// holdsKey says b is PEM text (line breaks lost or not) or the base64 of
// a DER key, of the kind the setting holds.
func holdsKey(key string, b []byte) bool {
	text := pemtext.Normalize(string(b))
	if block, _ := pem.Decode([]byte(text)); block != nil {
		return derKeyBlock(key, base64.StdEncoding.EncodeToString(block.Bytes)) != nil
	}
	return derKeyBlock(key, text) != nil
}

// readProblem is why a file could not be read, without its path.
func readProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrNotExist):
		return "it does not exist"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
