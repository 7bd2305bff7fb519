package httpx

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A GBK body (Sunshine's) in --curl is written byte for byte by a printf
// piped into curl: quoted raw, a UTF-8 terminal showed other characters
// (粤A12345 as A12345) and the pasted command sent other bytes than were
// signed; bash's $'...' quoting, used before, is not read by dash (sh on
// Debian) and cannot hold a NUL. Each shell here runs the printed command
// with a curl that saves what it would send.
func TestCurlSendsANonUTF8BodyByteForByteInEveryShell(t *testing.T) {
	body := []byte("<licenseNo>\xd4\xc1A12345</licenseNo>\n'\\ %s %% \\x41 \x00end\xff")
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/sunshine", nil)
	req.Header.Set("Content-Type", "text/xml; charset=GBK")
	cmd := RenderCurl(req, body)
	if strings.ContainsFunc(cmd, func(r rune) bool { return r >= 0x7f || r < 0x20 && r != '\n' }) {
		t.Fatalf("not printable: %q", cmd)
	}
	if !strings.Contains(cmd, "--data-binary @-") {
		t.Fatalf("body not read from the pipe:\n%s", cmd)
	}
	ran := 0
	for _, shell := range []string{"dash", "bash", "zsh", "sh"} {
		path, err := exec.LookPath(shell)
		if err != nil {
			continue
		}
		dir := t.TempDir()
		got := filepath.Join(dir, "sent")
		// A stand-in curl: the body curl would read from stdin (@-).
		fake := "#!/bin/sh\ncat > " + got + "\n"
		if err := os.WriteFile(filepath.Join(dir, "curl"), []byte(fake), 0o755); err != nil {
			t.Fatal(err)
		}
		run := exec.Command(path, "-c", cmd)
		run.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
		if out, err := run.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", shell, err, out)
		}
		sent, err := os.ReadFile(got)
		if err != nil || !bytes.Equal(sent, body) {
			t.Fatalf("%s sent %q (%v), want %q", shell, sent, err, body)
		}
		ran++
	}
	if ran == 0 {
		t.Skip("no shell")
	}
	// A UTF-8 body keeps plain single quotes, readable as typed.
	if c := RenderCurl(req, []byte(`{"plate":"粤A12345"}`)); !strings.Contains(c, `--data-binary '{"plate":"粤A12345"}'`) || strings.Contains(c, "printf") {
		t.Fatalf("%s", c)
	}
}
