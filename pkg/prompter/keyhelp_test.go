package prompter

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// screen is what a prompt drew, safe to read while it draws.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// A multi-select toggles with x or space and a long select filters only
// after "/": keys nobody guesses. Their help line says so; it used to be
// hidden, so a person facing eBao's four ticked coverages, or the
// wizard's list of providers, had no way to learn how to untick one.
func TestPromptsWhoseKeysCannotBeGuessedShowThem(t *testing.T) {
	many := make([]string, 12)
	for i := range many {
		many[i] = fmt.Sprintf("option %d", i)
	}
	for name, c := range map[string]struct {
		ask  func(p *Huh) error
		want []string
	}{
		"short multi-select": {func(p *Huh) error {
			_, err := p.MultiSelect("Coverages", []string{"a"}, []string{"a", "b", "c", "d"})
			return err
		}, []string{"toggle"}},
		"long multi-select": {func(p *Huh) error { _, err := p.MultiSelect("Coverages to change", nil, many); return err }, []string{"toggle", "filter"}},
		"filtered select":   {func(p *Huh) error { _, err := p.SelectFiltered("Province", many); return err }, []string{"filter"}},
	} {
		t.Run(name, func(t *testing.T) {
			in, w := io.Pipe()
			defer w.Close()
			out := &screen{}
			p := &Huh{In: in, Out: out, Ctx: context.Background()}
			done := make(chan error, 1)
			go func() { done <- c.ask(p) }()
			// A pipe has no size: report one as a terminal in in-band
			// resize mode does (rows 24, columns 80), so the form draws.
			// Sent again until the form draws: one sent before the
			// program reads its input can go unseen on a loaded machine
			// (the CI saw a screen of nothing but clears).
			deadline := time.Now().Add(20 * time.Second)
			for !containsAll(out.String(), c.want) && time.Now().Before(deadline) {
				go func() { _, _ = w.Write([]byte("\x1b[48;24;80;0;0t")) }()
				time.Sleep(200 * time.Millisecond)
			}
			go func() { _, _ = w.Write([]byte("\x03")) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the prompt is still open after Ctrl-C")
			}
			if !containsAll(out.String(), c.want) {
				t.Errorf("the prompt does not show the keys %q:\n%s", c.want, out.String())
			}
		})
	}
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}
