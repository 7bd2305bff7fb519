package prompter

import (
	"context"
	"io"
	"strings"
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

// A form with no question has nothing to draw: huh cannot start one (it
// crashed with a stack trace and "error: timeout"), so nothing is asked.
func TestFormWithNoQuestionAsksNothing(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
	a, err := p.Form(nil)
	if err != nil || len(a) != 0 {
		t.Fatalf("answers %q, err %v", a, err)
	}
}

// Answers typed before the prompt took the terminal reach it as the
// terminal's line discipline left them, each Enter turned into a line
// feed (ICRNL): they are still one answer per line, not one field
// holding them all (the password with them, in the clear).
func TestFormTakesLineFeedsTypedAheadAsEnter(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
	done := make(chan map[string]string, 1)
	go func() {
		a, err := p.Form([]Question{{Key: "url", Label: "URL"}, {Key: "user", Label: "User"}, {Key: "pw", Label: "Password", Secret: true}})
		if err != nil {
			t.Error(err)
		}
		done <- a
	}()
	go func() { _, _ = w.Write([]byte("http://a.example\nbob\ns3cret\n")) }()
	select {
	case a := <-done:
		want := map[string]string{"url": "http://a.example", "user": "bob", "pw": "s3cret"}
		for k, v := range want {
			if a[k] != v {
				t.Errorf("%s = %q, want %q (all: %q)", k, a[k], v, a)
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the form did not finish: the line feeds did not move it on")
	}
}

// Keys typed past the end of one prompt are the next prompt's answer:
// the Enter that ends the first prompt and the answer to the second come
// in one read, as a paste or a fast typist delivers them, and the second
// prompt still gets its answer (it was lost about every other time in a
// terminal, the second prompt starting empty).
func TestKeysTypedPastAPromptReachTheNext(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
	type answers struct {
		first, second string
		confirmed     bool
		err           error
	}
	done := make(chan answers, 1)
	go func() {
		var a answers
		if a.first, a.err = p.Input("Name", ""); a.err != nil {
			done <- a
			return
		}
		if a.second, a.err = p.Input("URL", ""); a.err != nil {
			done <- a
			return
		}
		a.confirmed, a.err = p.Confirm("Check it now?", false)
		done <- a
	}()
	go func() { _, _ = w.Write([]byte("wiz\rhttp://a.example\ry")) }()
	select {
	case a := <-done:
		if a.err != nil || a.first != "wiz" || a.second != "http://a.example" || !a.confirmed {
			t.Fatalf("answers %q, %q, confirmed %v, err %v", a.first, a.second, a.confirmed, a.err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the prompts did not finish: the keys typed ahead were lost")
	}
}

// A paste straight after an Enter (a password copied from a vault) goes
// to the next field, as typed keys do. It used to reach the field just
// left before the focus moved: the password was shown in the clear in
// the user name, which then broke its length rule.
func TestFormKeepsPastesTypedAhead(t *testing.T) {
	in, w := io.Pipe()
	defer w.Close()
	out := &screen{}
	p := &Huh{In: in, Out: out, Ctx: context.Background()}
	type result struct {
		answers map[string]string
		err     error
	}
	done := make(chan result, 1)
	go func() {
		a, err := p.Form([]Question{
			{Key: "url", Label: "URL"},
			{Key: "user", Label: "User"},
			{Key: "pw", Label: "Password", Secret: true},
		})
		done <- result{a, err}
	}()
	// One write, as a terminal delivers keys typed and pasted quickly;
	// the password comes as a bracketed paste.
	go func() {
		_, _ = w.Write([]byte("http://a.example\rbob\r\x1b[200~Vault-S3cret\x1b[201~\r"))
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		want := map[string]string{"url": "http://a.example", "user": "bob", "pw": "Vault-S3cret"}
		for k, v := range want {
			if r.answers[k] != v {
				t.Errorf("%s = %q, want %q", k, r.answers[k], v)
			}
		}
		if strings.Contains(out.String(), "Vault-S3cret") {
			t.Error("the pasted password was drawn on the screen")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the form did not finish")
	}
}
