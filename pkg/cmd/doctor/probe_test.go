package doctor_test

import (
	"context"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
)

// doctor's eBao probe quotes the example body, plate 沪A6U615 and all,
// and `insure find 沪A6U615` listed it among the customers' quotes with
// nothing to say it was doctor's. Every request doctor sends, for each of
// the four providers, is journalled with probe=doctor; a command run
// after it on the same factory is not, on a terminal as in a pipe.
func TestDoctorsRequestsAreKeyedAsItsProbes(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.IOStreams.SetStdoutTTY(tty)
		if err := run(e); err != nil {
			t.Fatalf("tty %v: %v\n%s", tty, err, e.Out)
		}
		e.Reset()
		cmd := root.NewCmdRoot(e.F)
		cmd.SetArgs([]string{"-p", config.SandboxProfile, "quote", "--provider", "ebao", "-f", "../../../examples/ebao/quote.json"})
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("tty %v: quote after doctor: %v\n%s", tty, err, e.ErrOut)
		}
		rows, err := e.Store.History(context.Background(), store.JournalFilter{})
		if err != nil {
			t.Fatal(err)
		}
		probed := map[string]bool{}
		for i, r := range rows {
			// Newest first: the quote run after doctor is rows[0].
			if i == 0 {
				if r.Provider != "ebao" || r.Operation != "quotation" || r.Keys["probe"] != "" {
					t.Errorf("tty %v: the quote after doctor is journalled as %s %s %v", tty, r.Provider, r.Operation, r.Keys)
				}
				continue
			}
			if r.Keys["probe"] != "doctor" {
				t.Errorf("tty %v: doctor's %s %s is journalled without probe=doctor: %v", tty, r.Provider, r.Operation, r.Keys)
			}
			probed[r.Provider] = true
		}
		for _, p := range []string{"ebao", "bihu", "paoding", "sunshine"} {
			if !probed[p] {
				t.Errorf("tty %v: no journalled probe of %s (rows %d)", tty, p, len(rows))
			}
		}
	}
}
