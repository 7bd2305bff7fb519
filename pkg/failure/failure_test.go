package failure

import (
	"errors"
	"fmt"
	"testing"
)

// The exit codes are a public contract (DESIGN.md, `insure help
// exit-codes`): this pins every kind's number, so reordering or adding
// kinds cannot move one.
func TestEveryKindHasItsDocumentedExitCode(t *testing.T) {
	want := map[Kind]int{
		Unexpected:   1,
		Usage:        2,
		Auth:         3,
		Refused:      4,
		Network:      5,
		Verification: 6,
		RateLimit:    7,
	}
	for k, code := range want {
		if got := k.ExitCode(); got != code {
			t.Errorf("%s: exit %d, want %d", k, got, code)
		}
		if got := (&Error{Kind: k}).ExitCode(); got != code {
			t.Errorf("*Error of kind %s: exit %d, want %d", k, got, code)
		}
	}
	for k := Unexpected; k <= RateLimit; k++ {
		if _, ok := want[k]; !ok {
			t.Errorf("kind %d (%s) has no pinned exit code", int(k), k)
		}
	}
	if got := Kind(99).ExitCode(); got != 1 {
		t.Errorf("an unknown kind exits %d, want 1", got)
	}
}

func TestCodesWithoutAKind(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int
	}{{"ok", ExitOK, 0}, {"interrupted", ExitInterrupted, 130}, {"terminated", ExitTerminated, 143}} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
}

func ExampleKind_ExitCode() {
	fmt.Println(Refused.ExitCode(), Network.ExitCode())
	// Output: 4 5
}

type signalled int

func (s signalled) Error() string { return "signalled" }
func (s signalled) ExitCode() int { return int(s) }

// The signal is found wherever it sits in the chain: an Error (exit 5)
// wrapping it hid it from errors.As, which stops at the first ExitCode.
func TestSignalOfSearchesTheWholeChain(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{signalled(ExitTerminated), "SIGTERM"},
		{&Error{Kind: Network, Err: signalled(ExitInterrupted)}, "SIGINT"},
		{fmt.Errorf("x: %w", &Error{Kind: Network, Err: signalled(ExitHangUp)}), "SIGHUP"},
		{errors.Join(errors.New("a"), signalled(ExitTerminated)), "SIGTERM"},
		{&Error{Kind: Network}, ""},
		{nil, ""},
	} {
		if got := SignalOf(c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

// Every kind of line break in a message (a provider's text) is shown as
// " / ", so the message cannot print a line of its own.
func TestMessageStaysOnOneLine(t *testing.T) {
	for _, msg := range []string{"a\nb", "a\r\nb", "a\rb", "a\n\nb", "a\vb", "a\fb", "a\u0085b", "a\u2028b", "a\u2029b"} {
		e := &Error{Kind: Refused, Provider: "ebao", Code: "502", Message: msg, Fields: []FieldError{{Field: "f", Rule: "r"}}}
		if got, want := e.Error(), "ebao: [502] a / b\n  f: r"; got != want {
			t.Errorf("%q: %q, want %q", msg, got, want)
		}
	}
}
