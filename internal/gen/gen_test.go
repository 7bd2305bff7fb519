package gen

import "testing"

// TestGeneratedFilesAreFresh fails when a command changed without
// `go generate ./...`, so completions, the reference and the man pages
// never drift from the binary.
func TestGeneratedFilesAreFresh(t *testing.T) {
	if err := Check("../.."); err != nil {
		t.Fatal(err)
	}
}
