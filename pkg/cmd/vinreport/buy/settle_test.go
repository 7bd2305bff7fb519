package buy

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// storyOf runs find KEY and returns its story.
func storyOf(t *testing.T, e *cmdtest.Env, key string) find.Story {
	t.Helper()
	e.Reset()
	cmd := find.NewCmdFind(e.F, nil)
	cmd.SetArgs([]string{key})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("find %s: %v", key, err)
	}
	var s find.Story
	if err := json.Unmarshal(e.Out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// unknownBuys are the purchases history --status unknown lists.
func unknownBuys(t *testing.T, e *cmdtest.Env) []store.JournalEntry {
	t.Helper()
	es, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Operation: "report.buy", Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// A purchase answered 502 and confirmed by insure's own look-up (exit 0)
// is bought in the journal: find says bought (settled by the look-up),
// and history --status unknown no longer lists it.
func TestPurchaseConfirmedByLookUpIsSettledInTheJournal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=act-then-status:502"})
	e.F.Globals.Yes, e.F.Globals.Timeout = true, time.Second
	if err := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "UNK-1"); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	s := storyOf(t, e, "UNK-1")
	if !strings.Contains(s.State, "bought (settled by the look-up)") || strings.Contains(s.State, "unknown") {
		t.Fatalf("state %q", s.State)
	}
	if b := s.Steps[0]; b.Step != "bought" || b.Outcome != store.OutcomeOK || b.Settled == nil || b.Settled.Outcome != store.OutcomeUnknown {
		t.Fatalf("buy step %+v", b)
	}
	if u := unknownBuys(t, e); len(u) != 0 {
		t.Fatalf("still unknown: %+v", u)
	}
}

// A purchase left unknown, then run again: the rerun reuses the order id
// and settles it (the platform's duplicate check finds the earlier order,
// or the id was still free so the earlier attempt placed nothing); either
// way nothing stays unknown and find says bought.
func TestRerunSettlesTheEarlierUnknownPurchase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=act-after:1s"})
	e.F.Globals.Yes, e.F.Globals.Timeout = true, 200*time.Millisecond
	err0 := run(t, e, "--vin", vin, "--brand-factory", "20", "--order-id", "UNK-2")
	if err := err0; cmdutil.ExitCode(err) != 5 {
		t.Fatalf("first run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if len(unknownBuys(t, e)) != 1 {
		t.Fatalf("the first run is not recorded unknown: %v", err0)
	}
	e.Reset()
	e.F.Globals.Timeout = 5 * time.Second
	if err := run(t, e, "--vin", vin, "--brand-factory", "20"); err != nil {
		t.Fatalf("rerun: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if u := unknownBuys(t, e); len(u) != 0 {
		t.Fatalf("still unknown after the rerun: %+v", u)
	}
	if s := storyOf(t, e, "UNK-2"); !strings.HasPrefix(s.State, "order UNK-2 bought") || strings.Contains(s.State, "unknown") {
		t.Fatalf("state %q", s.State)
	}
}

// A refused connection sent nothing: the purchase is not an unknown
// outcome (no outcome_unknown, not listed by --status unknown), and the
// hint says running it again is safe.
func TestRefusedConnectionIsNotAnUnknownPurchase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	target := e.SandboxBase(t, "paoding")
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cmdtest.Forward(w, r, target, r.Body)
	}))
	// No connection is kept for the next request: once the server is
	// closed, the next one is refused, not sent on a dead connection.
	srv.Config.SetKeepAlivesEnabled(false)
	srv.Start()
	e.UseProfileAt(t, "paoding", srv.URL)
	e.F.Globals.Yes, e.F.Globals.Timeout = true, time.Second
	// A first purchase caches the token and the brand factory.
	if err := run(t, e, "--vin", batchVIN(1), "--brand-factory", "20"); err != nil {
		t.Fatalf("first purchase: %v", err)
	}
	srv.Close() // now nothing listens there: the connection is refused
	e.Reset()
	err := run(t, e, "--vin", batchVIN(2), "--brand-factory", "20", "--order-id", "REFUSED-1")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 5 || !errors.As(err, &fe) || fe.Unknown || strings.Contains(string(cmdutil.ErrorJSON(err)), "outcome_unknown") {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), cmdutil.ErrorJSON(err))
	}
	if !strings.Contains(fe.Hint, "nothing was sent") || !strings.Contains(fe.Hint, "again (safe)") || strings.Contains(fe.Message, "outcome is unknown") {
		t.Fatalf("message %q hint %q", fe.Message, fe.Hint)
	}
	if u := unknownBuys(t, e); len(u) != 0 {
		t.Fatalf("journalled as unknown: %+v", u)
	}
	rec, err := e.Store.GetRecord(t.Context(), "staging", "paoding", "purchase", "vin:"+batchVIN(2)+":20")
	if err != nil || !strings.Contains(string(rec.Body), stateNotPlaced) {
		t.Fatalf("ledger: %v %v", rec, err)
	}
}

// The same purchase twice in one batch input: the later copy is refused
// as a repeat of the earlier line (usage, nothing sent for it), never
// "ok" through the duplicate check, whatever the timing.
func TestRepeatedPurchaseLineIsRefusedAsARepeat(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=delay:50ms"})
	e.F.Globals.Yes = true
	for i := range 8 {
		e.Reset()
		v := batchVIN(300 + i)
		file := writeFile(t, fmt.Sprintf("dupe%d.csv", i), "vin,brand_factory\n"+v+",20\n"+v+",20\n")
		err := runCtx(t.Context(), e, "--batch", file)
		got := parseLines(t, e.Out.String())
		if len(got) != 2 || cmdutil.ExitCode(err) != 2 {
			t.Fatalf("run %d: exit %d:\n%s", i, cmdutil.ExitCode(err), e.Out)
		}
		if got[0].Line != 2 || got[0].Outcome != "ok" || got[1].Line != 3 || got[1].Outcome != "usage" || got[1].ExitCode != 2 ||
			!strings.Contains(got[1].Message, "line 3 repeats the purchase of line 2 of this input") {
			t.Fatalf("run %d: want line 2 bought and line 3 refused as its repeat:\n%s", i, e.Out)
		}
		if n := count(e, "/4s/report/buy"); n != 1 {
			t.Fatalf("run %d: %d purchases sent, want 1", i, n)
		}
	}
}
