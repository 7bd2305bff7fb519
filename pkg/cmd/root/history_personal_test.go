package root

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
)

// The holder's and insured person's data in examples/ebao/quote.json.
var personalInQuote = []string{"132456199001011234", "15710023568", "Shop.Zhang@123.com", "Shop.Zhang"}

func lastJournalID(t *testing.T, e *cmdtest.Env) int64 {
	t.Helper()
	entries, err := e.Store.History(context.Background(), storeFilterAll())
	if err != nil || len(entries) == 0 {
		t.Fatalf("journal: %v %v", entries, err)
	}
	return entries[0].ID
}

func TestHistoryMasksPersonalDataUnlessAsked(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			if code := runMain(e, "quote", "--provider", "ebao", "-f", "../../../examples/ebao/quote.json"); code != 0 {
				t.Fatalf("quote: exit %d %s", code, e.ErrOut.String())
			}
			id := fmt.Sprint(lastJournalID(t, e))
			for _, args := range [][]string{{"history", "show", id}, {"history", "show", id, "-o", "json"}, {"history", "list"}} {
				e.Reset()
				if code := runMain(e, args...); code != 0 {
					t.Fatalf("%v: exit %d %s", args, code, e.ErrOut.String())
				}
				for _, p := range personalInQuote {
					if strings.Contains(e.Out.String(), p) {
						t.Errorf("%v shows %q:\n%s", args, p, e.Out.String())
					}
				}
			}
			e.Reset()
			if code := runMain(e, "history", "show", id, "-o", "json"); code != 0 {
				t.Fatal(code)
			}
			var doc struct{ Request, Response string }
			if err := json.Unmarshal(e.Out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Request, `"PH006":"132*************34"`) && !strings.Contains(doc.Request, `"PH006": "132*************34"`) {
				t.Errorf("the masked request does not keep its shape:\n%s", doc.Request)
			}
			if !strings.Contains(doc.Request, "LSVAU") && !strings.Contains(doc.Request, "沪A6U615") {
				t.Errorf("non-personal data was masked too:\n%s", doc.Request)
			}

			e.Reset()
			if code := runMain(e, "history", "show", id, "--show-personal"); code != 0 {
				t.Fatal(code)
			}
			for _, p := range personalInQuote {
				if !strings.Contains(e.Out.String(), p) {
					t.Errorf("--show-personal does not show %q:\n%s", p, e.Out.String())
				}
			}
		})
	}
}

func TestHistoryShowPersonalFlagIsDocumented(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e, "history", "show", "--help"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "--show-personal") || !strings.Contains(e.Out.String(), "unmasked") {
		t.Fatalf("%s", e.Out.String())
	}
}

func TestHistoryPrune(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			j := e.Store.Journal()
			now := time.Now()
			body := strings.Repeat("x", 10_000)
			for i, age := range []time.Duration{200 * 24 * time.Hour, 120 * 24 * time.Hour, 10 * 24 * time.Hour, time.Hour, time.Minute} {
				j.Record(context.Background(), httpx.Entry{Time: now.Add(-age), Profile: "sandbox", Provider: "paoding", Operation: "report.get",
					Method: "GET", URL: fmt.Sprintf("http://x/4s/report/get?n=%d", i), Status: 200, Request: body, Response: body})
			}
			count := func() int {
				es, err := e.Store.History(context.Background(), storeFilterAll())
				if err != nil {
					t.Fatal(err)
				}
				return len(es)
			}
			e.Reset()
			if code := runMain(e, "history", "prune", "--older-than", "90d", "--dry-run"); code != 0 || count() != 5 {
				t.Fatalf("dry run: exit %d, %d left: %s", code, count(), e.ErrOut.String())
			}
			if !strings.Contains(e.Out.String(), "2") {
				t.Fatalf("dry run says %q", e.Out.String())
			}
			e.Reset()
			if code := runMain(e, "history", "prune", "--older-than", "90d", "--yes"); code != 0 || count() != 3 {
				t.Fatalf("--older-than 90d: exit %d, %d left: %s", code, count(), e.ErrOut.String())
			}
			e.Reset()
			if code := runMain(e, "history", "prune", "--max-size", "45KB", "--yes"); code != 0 || count() != 2 {
				t.Fatalf("--max-size: exit %d, %d left: %s", code, count(), e.ErrOut.String())
			}
			es, _ := e.Store.History(context.Background(), storeFilterAll())
			if !strings.HasSuffix(es[len(es)-1].URL, "n=3") {
				t.Fatalf("the newest were not kept: %+v", es)
			}
			e.Reset()
			if code := runMain(e, "history", "prune", "--older-than", "soon", "--max-size", "big"); code != 2 ||
				!strings.Contains(e.ErrOut.String(), "--older-than") || !strings.Contains(e.ErrOut.String(), "--max-size") || count() != 2 {
				t.Fatalf("bad limits: exit %d %s", code, e.ErrOut.String())
			}
		})
	}
}

func storeFilterAll() store.JournalFilter { return store.JournalFilter{Limit: 1000} }
