package sunshine

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func write(t *testing.T, name string, b []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// Windows editors save UTF-8 with a byte-order mark. The mark is not part
// of the document and GBK has no place for it: the file signs exactly as
// the same text without it (the worked example's values).
func TestUTF8FileWithByteOrderMarkSignsAsWithout(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	f := write(t, "bom.xml", append([]byte("\xef\xbb\xbf"), request...))
	if err := run(e, "-f", f); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.CanonicalLength != 120 || r.CanonicalMD5 != "03c350dbd2317244a2463574c5c21938" || !strings.HasPrefix(r.Sign, "T6B0wJkWjqMwZFr29i4--ZWm4VJV") {
		t.Fatalf("%+v", r)
	}
}

// A character GBK cannot hold is named with its line, so the user can find
// it, instead of the encoder's bare "rune not supported".
func TestCharacterOutsideGBKIsNamedWithItsLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	f := write(t, "emoji.xml", []byte(strings.Replace(request, "京A12345", "京A12345😀", 1)))
	err := run(e, "-f", f)
	if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, want := range []string{"emoji.xml", "line 8", `"😀"`, "U+1F600", "GBK"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// The private key can come from the environment alone, as every setting
// can (DESIGN: how CI jobs pass secrets), with no profile selected.
func TestPrivateKeyFromEnvironmentWithoutProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = ""
	t.Setenv("INSURE_SUNSHINE_PRIVATE_KEY", write(t, "partner.pem", []byte(sandboxPartnerKey)))
	if err := run(e, "-f", write(t, "req.xml", []byte(request))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"sign":"T6B0wJkWjqMwZFr29i4--ZWm4VJV`) {
		t.Fatalf("%s", e.Out.String())
	}
}

// --verify on a file that was never signed says so and how to sign it,
// rather than suggesting it was tampered with.
func TestVerifyOfUnsignedFileSaysToSignIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--verify", "-f", write(t, "req.xml", []byte(request)))
	if cmdutil.ExitCode(err) != 6 || !strings.Contains(hint(err), "-o raw") || strings.Contains(hint(err), "changed after signing") {
		t.Fatalf("exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, hint(err))
	}
}

// A key pasted without its PEM lines (base64 alone, as CI secrets often
// lose them) was read as a file's path and echoed whole in "open
// MIIEvQ...: no such file or directory". The error says the value cannot
// be read without repeating it.
func TestHeaderlessKeyIsNeverEchoed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = ""
	const material = "MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAL+secretPart/9x=="
	t.Setenv("INSURE_SUNSHINE_PRIVATE_KEY", material)
	err := run(e, "-f", write(t, "req.xml", []byte(request)))
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if all := err.Error() + hint(err) + e.Out.String() + e.ErrOut.String(); strings.Contains(all, "secretPart") || strings.Contains(all, "MIICdQ") {
		t.Fatalf("the key is repeated:\n%s", all)
	}
}

// Some GBK files are valid UTF-8 by chance: 鲁 is C2 B3 in GBK, "³" in
// UTF-8, and 肖 is D0 A4, "Ф". Read as UTF-8, the first file was refused
// for a "³" it does not hold, and the second was signed over "Ф" written
// in GBK (A7 A6): a wrong signature, exit 0. A file that declares GBK and
// holds no longer UTF-8 sequence is GBK, signed over its own bytes.
func TestGBKFileThatIsAlsoValidUTF8IsSignedAsGBK(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"鲁 plate", "\xc2\xb3A12345"},
		{"肖 name", "\xd0\xa4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			doc := strings.Replace(request, "京A12345", tc.value, 1)
			canonical := `<Request><InputsList><Inputs type="vehicleInfo"><input name="licenseNo">` + tc.value + `</input></Inputs></InputsList></Request>`
			if err := run(e, "-f", write(t, "gbk.xml", []byte(doc))); err != nil {
				t.Fatal(err)
			}
			var r Result
			if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			sum := md5.Sum([]byte(canonical))
			if r.CanonicalLength != len(canonical) || r.CanonicalMD5 != hex.EncodeToString(sum[:]) {
				t.Fatalf("signed %d bytes with MD5 %s, want %d bytes with MD5 %x", r.CanonicalLength, r.CanonicalMD5, len(canonical), sum)
			}
			if !strings.Contains(e.ErrOut.String(), "read as GBK") {
				t.Errorf("no note on stderr: %q", e.ErrOut.String())
			}
		})
	}
}
