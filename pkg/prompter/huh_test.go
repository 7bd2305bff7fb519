package prompter

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

// An open prompt ends when its context is cancelled (SIGINT or SIGTERM
// cancel the process's context), with an error that says so, instead of
// waiting for an answer that will never come.
func TestCancelledContextEndsAnOpenPrompt(t *testing.T) {
	for name, ask := range map[string]func(p *Huh) error{
		"input":   func(p *Huh) error { _, err := p.Input("Name", ""); return err },
		"confirm": func(p *Huh) error { _, err := p.Confirm("Issue it?", false); return err },
		"form": func(p *Huh) error {
			_, err := p.Form([]Question{{Key: "a", Label: "A"}, {Key: "b", Label: "B", Secret: true}})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			in, w := io.Pipe() // nobody ever types
			defer w.Close()
			ctx, cancel := context.WithCancelCause(context.Background())
			p := &Huh{In: in, Out: io.Discard, Ctx: ctx}
			done := make(chan error, 1)
			go func() { done <- ask(p) }()
			cause := errors.New("terminated (SIGTERM)")
			cancel(cause)
			select {
			case err := <-done:
				if !errors.Is(err, cause) {
					t.Fatalf("err %v, want the cancellation's cause", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the prompt is still open after its context was cancelled")
			}
		})
	}
}

// Esc at a confirmation abandons it as Ctrl-C does (ErrAborted, exit 130),
// as docs/scripting.md says; it used to be ignored, leaving the prompt open.
func TestEscAbortsAConfirmation(t *testing.T) {
	for name, key := range map[string]string{"esc": "\x1b", "ctrl+c": "\x03"} {
		t.Run(name, func(t *testing.T) {
			in, w := io.Pipe()
			defer w.Close()
			p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
			done := make(chan error, 1)
			go func() { _, err := p.Confirm("Issue it?", false); done <- err }()
			go func() { _, _ = w.Write([]byte(key)) }()
			select {
			case err := <-done:
				if !errors.Is(err, ErrAborted) {
					t.Fatalf("err %v, want ErrAborted", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("the prompt is still open after %s", name)
			}
		})
	}
}

// Esc at the configure wizard's prompts (the list of providers, the page
// of questions) abandons them as Ctrl-C does (ErrAborted, exit 130, so
// nothing is written); it used to be ignored, leaving the prompt open.
func TestEscAbortsTheWizardsPrompts(t *testing.T) {
	for name, ask := range map[string]func(p *Huh) error{
		"multi-select": func(p *Huh) error {
			_, err := p.MultiSelect("Which providers?", []string{"paoding"}, []string{"paoding", "ebao", "bihu", "sunshine"})
			return err
		},
		"form": func(p *Huh) error {
			_, err := p.Form([]Question{{Key: "a", Label: "A"}, {Key: "b", Label: "B", Secret: true}})
			return err
		},
		// The eBao quote form: a short select (holder is insured? yes/no)
		// needs no filter, and used to keep Esc for one.
		"form with a short select": func(p *Huh) error {
			_, err := p.Form([]Question{{Key: "a", Label: "A", Options: []string{"yes", "no"}}, {Key: "b", Label: "B"}})
			return err
		},
		"select":   func(p *Huh) error { _, err := p.Select("Which?", "", []string{"one", "two"}); return err },
		"input":    func(p *Huh) error { _, err := p.Input("Name", ""); return err },
		"password": func(p *Huh) error { _, err := p.Password("Password"); return err },
	} {
		t.Run(name, func(t *testing.T) {
			in, w := io.Pipe()
			defer w.Close()
			p := &Huh{In: in, Out: io.Discard, Ctx: context.Background()}
			done := make(chan error, 1)
			go func() { done <- ask(p) }()
			go func() { _, _ = w.Write([]byte("\x1b")) }()
			select {
			case err := <-done:
				if !errors.Is(err, ErrAborted) {
					t.Fatalf("err %v, want ErrAborted", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the prompt is still open after Esc")
			}
		})
	}
}
