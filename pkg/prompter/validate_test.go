package prompter

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

var errNotOK = errors.New(`must be "ok"; for example ok`)

func onlyOK(v string) error {
	if v != "ok" {
		return errNotOK
	}
	return nil
}

// The form does not take a refused answer: it shows why (the rule and an
// example) and asks again; the corrected answer is what the form returns.
func TestHuhFormRefusesABadAnswerInPlace(t *testing.T) {
	var out bytes.Buffer
	p := &Huh{In: strings.NewReader("bad\nok\n\n"), Out: &out, lineByLine: true}
	a, err := p.Form([]Question{{Key: "k", Label: "Key", Validate: onlyOK}, {Key: "n", Label: "Next", Default: "n"}})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if a["k"] != "ok" || a["n"] != "n" {
		t.Fatalf("answers %v\n%s", a, out.String())
	}
	if !strings.Contains(out.String(), errNotOK.Error()) {
		t.Fatalf("the refusal was not shown:\n%s", out.String())
	}
}

// fakeInput answers Input from a list, one answer per call, and records
// the defaults it was offered.
type fakeInput struct {
	answers  []string
	defaults []string
}

func (f *fakeInput) Input(_, def string) (string, error) {
	f.defaults = append(f.defaults, def)
	if len(f.answers) == 0 {
		return def, nil
	}
	v := f.answers[0]
	f.answers = f.answers[1:]
	return v, nil
}
func (f *fakeInput) Password(string) (string, error)                       { return "", nil }
func (f *fakeInput) Confirm(string, bool) (bool, error)                    { return false, nil }
func (f *fakeInput) Select(string, string, []string) (int, error)          { return 0, nil }
func (f *fakeInput) MultiSelect(string, []string, []string) ([]int, error) { return nil, nil }

// Without a form, AskAll asks a refused question again, pre-filled with
// the refused answer, and gives up with the rule after a few tries.
func TestAskAllAsksARefusedAnswerAgain(t *testing.T) {
	f := &fakeInput{answers: []string{"bad", "ok"}}
	a, err := AskAll(f, []Question{{Key: "k", Label: "Key", Validate: onlyOK}})
	if err != nil || a["k"] != "ok" {
		t.Fatalf("%v %v", a, err)
	}
	if len(f.defaults) != 2 || f.defaults[1] != "bad" {
		t.Fatalf("asked again with defaults %q, want the refused answer", f.defaults)
	}

	f = &fakeInput{answers: []string{"a", "b", "c", "d", "e"}}
	_, err = AskAll(f, []Question{{Key: "k", Label: "Key", Validate: onlyOK}})
	if !errors.Is(err, errNotOK) || !strings.Contains(err.Error(), "Key: ") {
		t.Fatalf("err %v", err)
	}
}
