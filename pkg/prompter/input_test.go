package prompter

import (
	"io"
	"os"
	"testing"
)

// Keys typed once a prompt has ended belong to the next one: a reader
// the ended prompt left behind (its program's input goroutine, woken by
// them) reads nothing, and the next prompt's view reads them all.
func TestEndedPromptLeavesTheNextKeysToTheNextPrompt(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	first, end := promptInputFor(r)
	end()
	if _, err := w.Write([]byte("http://a.example\r")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	if n, err := first.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("the ended prompt read %q (%v)", buf[:n], err)
	}
	next, endNext := promptInputFor(r)
	defer endNext()
	n, err := next.Read(buf)
	if err != nil || string(buf[:n]) != "http://a.example\r" {
		t.Fatalf("the next prompt read %q (%v)", buf[:n], err)
	}
}
