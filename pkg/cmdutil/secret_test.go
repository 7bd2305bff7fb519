package cmdutil

import (
	"strings"
	"testing"
)

func TestReadSecretStdin(t *testing.T) {
	if s, err := ReadSecretStdin(strings.NewReader("s3cret\r\n"), "--secret-stdin", ""); err != nil || s != "s3cret" {
		t.Fatalf("%q %v", s, err)
	}
	// A byte-order mark (a file saved by a Windows editor) is not part of it.
	if s, err := ReadSecretStdin(strings.NewReader("\ufeffs3cret\r\n"), "--secret-stdin", ""); err != nil || s != "s3cret" {
		t.Fatalf("with a BOM: %q %v", s, err)
	}
	_, err := ReadSecretStdin(strings.NewReader("\n"), "--secret-stdin", "printf ...")
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "--secret-stdin") {
		t.Fatalf("empty stdin: %v", err)
	}
}
