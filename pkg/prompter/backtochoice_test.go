package prompter

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// keysTo gives h a fresh terminal of its own and types keys into it in
// one write. Each prompt gets its own pipe: a finished prompt's reader
// stays blocked on the pipe it read and would take keys written later.
func keysTo(h *Huh, keys string) *io.PipeWriter {
	in, w := io.Pipe()
	h.In = in
	go func() { _, _ = w.Write([]byte(keys)) }()
	return w
}

// within fails the test when ask does not return in time.
func within(t *testing.T, what string, ask func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { ask(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatalf("%s did not finish", what)
	}
}

// The configure wizard's first provider page had no way back to "Which
// providers does this profile talk to?": shift+tab did nothing on its
// first question and the help line said only "enter next", so a wrong
// tick could only be undone with Ctrl-C, losing everything. Through
// BackToChoice the first question says "shift+tab back" and goes back;
// the choice is asked again as it was ticked, and the form again with
// the answers given.
func TestShiftTabOnTheFirstQuestionGoesBackToTheChoiceBeforeIt(t *testing.T) {
	out := &screen{}
	h := &Huh{Out: out, Ctx: context.Background()}
	p := BackToChoice(h)
	providers := []string{"paoding", "ebao", "bihu"}
	qs := []Question{
		{Key: "paoding.url", Label: "Paoding URL", Group: "paoding", Validate: required},
		{Key: "paoding.user", Label: "Paoding user", Group: "paoding", Validate: required},
	}

	w := keysTo(h, "\x1b[Bx\r") // tick ebao too
	defer w.Close()
	var idx []int
	var err error
	within(t, "the choice", func() { idx, err = p.MultiSelect("Which providers?", []string{"paoding"}, providers) })
	if err != nil || !slices.Equal(idx, []int{0, 1}) {
		t.Fatalf("ticked %v, %v", idx, err)
	}

	// The form: wait until it has drawn its first page, then type an
	// answer and go back from the first question.
	in, w2 := io.Pipe()
	defer w2.Close()
	h.In = in
	drawnAt := 0
	within(t, "the form", func() {
		go func() {
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(out.String(), "Paoding URL") && time.Now().Before(deadline) {
				_, _ = w2.Write([]byte("\x1b[48;24;80;0;0t"))
				time.Sleep(200 * time.Millisecond)
			}
			drawnAt = len(out.String())
			_, _ = w2.Write([]byte("http://a" + shiftTab))
		}()
		_, err = p.(FormPrompter).Form(qs)
	})
	if !errors.Is(err, ErrBackToChoice) {
		t.Fatalf("shift+tab on the first question: %v, want ErrBackToChoice", err)
	}
	if first := out.String()[:drawnAt]; !strings.Contains(first, "shift+tab back") {
		t.Errorf("the first question's help line does not offer shift+tab back:\n%s", first)
	}

	// Asked again by a caller that offers its own defaults: Enter keeps
	// what was ticked, and the form starts from "http://a".
	w3 := keysTo(h, "\r")
	defer w3.Close()
	within(t, "the choice asked again", func() { idx, err = p.MultiSelect("Which providers?", []string{"paoding"}, providers) })
	if err != nil || !slices.Equal(idx, []int{0, 1}) {
		t.Fatalf("asked again, ticked %v, %v; want paoding and ebao as ticked before", idx, err)
	}
	w4 := keysTo(h, "\rbob\r")
	defer w4.Close()
	var a map[string]string
	within(t, "the form asked again", func() { a, err = p.(FormPrompter).Form(qs) })
	if err != nil || a["paoding.url"] != "http://a" || a["paoding.user"] != "bob" {
		t.Fatalf("answers %q, %v; want the URL typed before going back", a, err)
	}
}

// A form not asked straight after a choice has nothing to go back to:
// its first question keeps huh's keys, and shift+tab there does nothing.
func TestFormNotAfterAChoiceDoesNotGoBack(t *testing.T) {
	h := &Huh{Out: io.Discard, Ctx: context.Background()}
	p := BackToChoice(h)
	w := keysTo(h, "x"+shiftTab+"\r")
	defer w.Close()
	var a map[string]string
	var err error
	within(t, "the form", func() { a, err = p.(FormPrompter).Form([]Question{{Key: "a", Label: "A"}}) })
	if err != nil || a["a"] != "x" {
		t.Fatalf("answers %q, %v", a, err)
	}
}
