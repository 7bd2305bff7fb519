package add

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// A key's base64 body piped without its PEM header lines, cut short, or a
// path that does not exist, was saved as a path and failed only at the
// first Sunshine command ("cannot be read: open ..."). It is refused at
// once: exit 2, the rule and an example, the value never repeated,
// nothing written.
func TestAddSecretStdinRefusesAKeyThatIsNeitherPEMNorAFile(t *testing.T) {
	privPEM, _, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(privPEM)
	body := base64.StdEncoding.EncodeToString(block.Bytes)
	for name, in := range map[string]string{
		"cut short":    body[:40],
		"six chars":    "MIIEvQ",
		"missing path": filepath.Join(t.TempDir(), "partner.pem"),
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(in + "\n")
		err := run(e, "s1", "--secret-stdin", "sunshine.private-key")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%s: exit %d: %v", name, cmdutil.ExitCode(err), err)
		}
		msg := shown(e, err)
		for _, s := range []string{
			"--secret-stdin sunshine.private-key: is neither PEM text",
			"nor the path of an existing file",
			"for example insure profile add s1 --secret-stdin sunshine.private-key < key.pem",
			"-----BEGIN PRIVATE KEY----- line",
			"nothing was written",
		} {
			if !strings.Contains(msg, s) {
				t.Errorf("%s: %q does not say %q", name, msg, s)
			}
		}
		if strings.Contains(msg, in) {
			t.Errorf("%s: the value is repeated: %s", name, msg)
		}
		notWritten(t, e)
	}
}

// The whole base64 body of a DER key (what Java tooling hands out) is
// accepted and saved wrapped in the PEM header of its form, so it is
// never taken for a path and any tool reads it; an existing key file's
// path stays a path.
func TestAddSecretStdinWrapsABase64DERKeyInPEM(t *testing.T) {
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, _ := pem.Decode(privPEM)
	key, err := x509.ParsePKCS8PrivateKey(pkcs8.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := x509.MarshalPKCS1PrivateKey(key.(*rsa.PrivateKey))
	pub, _ := pem.Decode(pubPEM)
	lines := func(der []byte) string {
		s := base64.StdEncoding.EncodeToString(der)
		var out []string
		for len(s) > 64 {
			out, s = append(out, s[:64]), s[64:]
		}
		return strings.Join(append(out, s), "\n") + "\n"
	}
	for _, tc := range []struct {
		name, key, in, header string
	}{
		{"pkcs8 one line", "sunshine.private-key", base64.StdEncoding.EncodeToString(pkcs8.Bytes), "-----BEGIN PRIVATE KEY-----\n"},
		{"pkcs8 64-column lines", "sunshine.private-key", lines(pkcs8.Bytes), "-----BEGIN PRIVATE KEY-----\n"},
		{"pkcs1", "sunshine.private-key", base64.StdEncoding.EncodeToString(pkcs1), "-----BEGIN RSA PRIVATE KEY-----\n"},
		{"public key", "sunshine.platform-public-key", lines(pub.Bytes), "-----BEGIN PUBLIC KEY-----\n"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(tc.in)
		if err := run(e, "s1", "--secret-stdin", tc.key); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		c, _ := saved(t, e)
		v := c.File.Profiles["s1"]["sunshine"][strings.TrimPrefix(tc.key, "sunshine.")]
		if !strings.HasPrefix(v, tc.header) {
			t.Errorf("%s: saved without its PEM header %q", tc.name, tc.header)
		}
		read := func(s string) error { _, err := sunshine.ReadPrivateKey(s); return err }
		if strings.Contains(tc.key, "public") {
			read = func(s string) error { _, err := sunshine.ReadPublicKey(s); return err }
		}
		if err := read(v); err != nil {
			t.Errorf("%s: the saved key cannot be read: %v", tc.name, err)
		}
	}

	path := filepath.Join(t.TempDir(), "partner.pem")
	if err := os.WriteFile(path, privPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(path + "\n")
	if err := run(e, "s1", "--secret-stdin", "sunshine.private-key"); err != nil {
		t.Fatal(fmt.Sprint(err))
	}
	if c, _ := saved(t, e); c.File.Profiles["s1"]["sunshine"]["private-key"] != path {
		t.Errorf("the path was not kept: %q", c.File.Profiles["s1"]["sunshine"]["private-key"])
	}
}
