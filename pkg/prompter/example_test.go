package prompter

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Every prompt says what it wants with an example: a question's Example
// is shown with its label, and never for a secret.
func TestFormShowsEachQuestionsExample(t *testing.T) {
	qs := []Question{
		{Key: "plate", Label: "Vehicle plate", Example: "京A12345", Group: "policy"},
		{Key: "pw", Label: "Password", Example: "not-to-show", Secret: true, Group: "policy"},
	}
	out, w, done := openPrompt(t, context.Background(), func(p *Huh) error { _, err := p.Form(qs); return err }, "Vehicle plate")
	time.Sleep(300 * time.Millisecond)
	lines, _ := emulate(out.String())
	go func() { _, _ = w.Write([]byte("\x03")) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the form is still open after Ctrl-C")
	}
	page := strings.Join(lines, "\n")
	if !strings.Contains(page, "e.g. 京A12345") {
		t.Errorf("the plate's example is not shown:\n%s", page)
	}
	if strings.Contains(page, "not-to-show") {
		t.Errorf("a secret's field shows an example:\n%s", page)
	}
}
