package prompter

import (
	"context"
	"io"
	"testing"
	"time"
)

// Answers typed ahead (pasted, or sent by a script driving a terminal)
// reach the field they were typed for: the key after an Enter belongs to
// the next field, even when it arrives before the form has moved there.
func TestFormKeepsKeysTypedAhead(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
	type result struct {
		answers map[string]string
		err     error
	}
	done := make(chan result, 1)
	go func() {
		a, err := p.Form([]Question{
			{Key: "url", Label: "URL", Group: "paoding"},
			{Key: "user", Label: "User", Group: "paoding"},
			{Key: "pw", Label: "Password", Secret: true, Group: "paoding"},
			{Key: "spelling", Label: "Spelling", Options: []string{"hyphens", "underscores"}, Default: "hyphens", Group: "paoding"},
			{Key: "app", Label: "App", Group: "ebao"},
		})
		done <- result{a, err}
	}()
	// Everything in one write, as a paste or a fast typist delivers it.
	go func() { _, _ = w.Write([]byte("http://a.example\rbob\rs3cret\r\x1b[B\rapp-1\r")) }()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		want := map[string]string{"url": "http://a.example", "user": "bob", "pw": "s3cret", "spelling": "underscores", "app": "app-1"}
		for k, v := range want {
			if r.answers[k] != v {
				t.Errorf("%s = %q, want %q (all: %q)", k, r.answers[k], v, r.answers)
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the form did not finish")
	}
}
