package quote

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/prompter"
)

// terminal is what a prompt drew, safe to read while it draws.
type terminal struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *terminal) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *terminal) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// From the insured person's page, shift+tab goes back to the holder's,
// where "is the insured person the holder?" can be answered yes after
// all: the insured page was a second form, run once the first was done,
// and nothing led back from it.
func TestInsuredPageGoesBackToTheHoldersPage(t *testing.T) {
	in, keys := io.Pipe()
	defer keys.Close()
	screen := &terminal{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &prompter.Huh{In: in, Out: screen, Ctx: ctx}
	opts := &Options{Now: fixedNow}
	type result struct {
		a   *answers
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, err := askAnswers(opts, p, "UbwoOpjMjt:1", "AXA_TP", nil)
		done <- result{a, err}
	}()
	// waitFor answers the terminal's size (80x24, as a terminal in
	// in-band resize mode does) until the prompt has drawn want.
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(screen.String(), want) && time.Now().Before(deadline) {
			go func() { _, _ = keys.Write([]byte("\x1b[48;24;80;0;0t")) }()
			time.Sleep(200 * time.Millisecond)
		}
		if !strings.Contains(screen.String(), want) {
			t.Fatalf("%q never drawn:\n%s", want, screen.String())
		}
	}
	send := func(s string) {
		t.Helper()
		go func() { _, _ = keys.Write([]byte(s)) }()
		time.Sleep(150 * time.Millisecond)
	}
	waitFor(PromptProduct)
	for range 4 { // product, effective date, term, plate: as offered
		send("\r")
	}
	waitFor("Holder name")
	send("Zhang San")
	send("\r")
	send("11010519491231002X")
	for range 4 { // the ID, birth date, mobile, e-mail
		send("\r")
	}
	send("\x1b[B") // no: another insured person
	send("\r")
	waitFor("Insured name")
	send("Li")
	send("\x1b[Z") // shift+tab: back to the holder's page
	send("\x1b[A") // yes after all
	send("\r")
	waitFor(PromptCoverages)
	send("\r")
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.a.policy["same"] != "yes" || r.a.insured != nil || r.a.policy["name"] != "Zhang San" {
			t.Errorf("holder answers %v, insured %v; want same=yes, the holder's name kept, no insured person", r.a.policy, r.a.insured)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the form did not go back to the holder's page:\n%s", screen.String()[max(0, len(screen.String())-2000):])
	}
}
