package prompter

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

var errRequired = errors.New("is required; for example 张三")

func required(v string) error {
	if v == "" {
		return errRequired
	}
	return nil
}

// shiftTab is the key as a terminal sends it (CSI Z).
const shiftTab = "\x1b[Z"

// askForm runs p.Form(qs) with keys written to its input in one write,
// as a paste or a script driving a terminal delivers them, and returns
// the answers or fails when the form does not finish.
func askForm(t *testing.T, qs []Question, keys string) map[string]string {
	t.Helper()
	in, w := io.Pipe()
	defer w.Close()
	p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
	type result struct {
		answers map[string]string
		err     error
	}
	done := make(chan result, 1)
	go func() {
		a, err := p.Form(qs)
		done <- result{a, err}
	}()
	go func() { _, _ = w.Write([]byte(keys)) }()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.answers
	case <-time.After(15 * time.Second):
		t.Fatal("the form did not finish: shift+tab on an empty required field left it stuck on its page")
		return nil
	}
}

// Shift+tab on a page's empty required first field goes back to the page
// before, as the footer ("shift+tab back") and docs/getting-started.md
// say. The field's check used to run as it was left backwards and keep
// the page, with no field focused: every key but Esc and Ctrl-C was
// ignored and the only way out lost every answer.
func TestShiftTabFromAnEmptyRequiredFieldGoesBack(t *testing.T) {
	// The eBao quote form: "no" opens the insured's page; back on the
	// holder's page the answer is changed to "yes", which skips it.
	t.Run("page asked only after no", func(t *testing.T) {
		qs := []Question{
			{Key: "holder", Label: "Holder name", Group: "Holder", Validate: required},
			{Key: "same", Label: "Is the insured the holder?", Options: []string{"yes", "no"}, Default: "yes", Group: "Holder"},
			{Key: "insured", Label: "Insured name", Group: "Insured", Validate: required,
				Only: func(a map[string]string) bool { return a["same"] == "no" }},
			{Key: "insuredID", Label: "Insured ID", Group: "Insured", Validate: required},
		}
		a := askForm(t, qs, "张三\r\x1b[B\r"+shiftTab+"\x1b[A\r")
		if a["holder"] != "张三" || a["same"] != "yes" {
			t.Errorf("answers %q, want holder 张三 and same yes", a)
		}
		if _, ok := a["insured"]; ok {
			t.Errorf("answers %q hold the insured's page, which yes skips", a)
		}
	})
	// The configure wizard: back from the next provider's empty URL to
	// the previous provider's page, an answer there corrected, then on.
	t.Run("next provider's page", func(t *testing.T) {
		qs := []Question{
			{Key: "p.url", Label: "Paoding URL", Group: "paoding", Validate: required},
			{Key: "p.user", Label: "Paoding user", Group: "paoding", Validate: required},
			{Key: "e.url", Label: "eBao URL", Group: "ebao", Validate: required},
			{Key: "e.key", Label: "eBao key", Group: "ebao", Validate: required},
		}
		a := askForm(t, qs, "http://a\rbo\r"+shiftTab+"b\r"+"http://e\rk\r")
		want := map[string]string{"p.url": "http://a", "p.user": "bob", "e.url": "http://e", "e.key": "k"}
		for k, v := range want {
			if a[k] != v {
				t.Errorf("%s = %q, want %q (all: %q)", k, a[k], v, a)
			}
		}
	})
}

// Going back checks nothing, but going forwards still does: the page
// left empty by shift+tab refuses Enter until its field is filled.
func TestRequiredFieldLeftBackwardsIsCheckedForwards(t *testing.T) {
	qs := []Question{
		{Key: "a", Label: "A", Group: "one"},
		{Key: "b", Label: "B", Group: "two", Validate: required},
	}
	// Enter on the empty B is refused; "x" then fills it.
	a := askForm(t, qs, "1\r"+shiftTab+"\r\rx\r")
	if a["a"] != "1" || a["b"] != "x" {
		t.Fatalf("answers %q, want a 1 and b x", a)
	}
}
