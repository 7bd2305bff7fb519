package httpx

import (
	"bytes"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// A GBK body (Sunshine's) in --curl is written byte for byte as \xHH in
// ANSI-C quoting: quoted raw, a UTF-8 terminal showed other characters
// (粤A12345 as A12345) and the pasted command sent other bytes than were
// signed. bash reads the quoted body back to the exact bytes.
func TestCurlQuotesANonUTF8BodyByteForByte(t *testing.T) {
	body := []byte("<licenseNo>\xd4\xc1A12345</licenseNo>\n'\\ \x00end")
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/sunshine", nil)
	cmd := RenderCurl(req, body)
	i := strings.Index(cmd, "--data-binary ")
	if i < 0 {
		t.Fatal(cmd)
	}
	arg := cmd[i+len("--data-binary "):]
	arg = arg[:strings.Index(arg, " \\\n")]
	if !strings.HasPrefix(arg, "$'") || strings.ContainsFunc(arg, func(r rune) bool { return r >= 0x7f || r < 0x20 }) {
		t.Fatalf("not printable ANSI-C quoting: %q", arg)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	out, err := exec.Command(bash, "-c", "printf %s "+arg).Output()
	// bash cannot hold a NUL in a string: it ends the word there.
	want := body[:bytes.IndexByte(body, 0)]
	if err != nil || !bytes.Equal(out, want) {
		t.Fatalf("bash read %q (%v), want %q", out, err, want)
	}
	// A UTF-8 body keeps plain single quotes, readable as typed.
	if c := RenderCurl(req, []byte(`{"plate":"粤A12345"}`)); !strings.Contains(c, `--data-binary '{"plate":"粤A12345"}'`) {
		t.Fatalf("%s", c)
	}
}
