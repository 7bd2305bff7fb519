package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// interruptedEntry is a purchase SIGTERM cut short, as the transport
// hands it over.
func interruptedEntry() httpx.Entry {
	return httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding", Operation: "report.buy",
		Keys: map[string]string{"orderId": "SIG-1"}, Method: "POST", URL: "http://x",
		Error: "Post \"http://x\": context canceled", Interrupted: "SIGTERM"}
}

// The signal that cut a request short is kept as data: every read of the
// row (history, show, find) names it, JSON as "interrupted", and the exit
// class stays the journal's 5.
func TestJournalKeepsTheSignalThatCutARequestShort(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	id, err := s.RecordEntry(ctx, interruptedEntry())
	if err != nil {
		t.Fatal(err)
	}
	plain := interruptedEntry()
	plain.Interrupted, plain.Keys = "", map[string]string{"orderId": "SIG-2"}
	if _, err := s.RecordEntry(ctx, plain); err != nil {
		t.Fatal(err)
	}
	e, err := s.JournalEntryByID(ctx, id)
	if err != nil || e.Interrupted != "SIGTERM" || e.Outcome != OutcomeUnknown || e.ExitClass != 5 {
		t.Fatalf("by id: %+v %v", e, err)
	}
	b, _ := json.Marshal(e)
	if !strings.Contains(string(b), `"interrupted":"SIGTERM"`) || !strings.Contains(string(b), `"exit_class":5`) {
		t.Errorf("JSON %s", b)
	}
	h, err := s.History(ctx, JournalFilter{Ascending: true})
	if err != nil || len(h) != 2 || h[0].Interrupted != "SIGTERM" || h[1].Interrupted != "" {
		t.Errorf("history: %+v %v", h, err)
	}
	if b, _ := json.Marshal(h[1]); strings.Contains(string(b), "interrupted") {
		t.Errorf("a row no signal cut short says interrupted: %s", b)
	}
	if es, err := s.EntriesByKeys(ctx, []string{"SIG-1"}); err != nil || len(es) != 1 || es[0].Interrupted != "SIGTERM" {
		t.Errorf("by key: %+v %v", es, err)
	}
}

// A store written before the journal named signals gains the column on
// open: its rows read as not interrupted (find falls back to their error
// text), and new rows keep their signal.
func TestStoreOfEarlierVersionGainsInterruptedColumn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(earlierSchema); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	h, err := s.History(ctx, JournalFilter{Limit: -1})
	if err != nil || len(h) != 3 {
		t.Fatalf("old rows: %d %v", len(h), err)
	}
	for _, e := range h {
		if e.Interrupted != "" {
			t.Errorf("old row %d reads as interrupted by %q", e.ID, e.Interrupted)
		}
	}
	id, err := s.RecordEntry(ctx, interruptedEntry())
	if err != nil {
		t.Fatal(err)
	}
	if e, err := s.JournalEntryByID(ctx, id); err != nil || e.Interrupted != "SIGTERM" {
		t.Fatalf("new row in the upgraded store: %+v %v", e, err)
	}
	// Opened again (another process, a later command): nothing to add.
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if e, err := s2.JournalEntryByID(ctx, id); err != nil || e.Interrupted != "SIGTERM" {
		t.Fatalf("reopened: %+v %v", e, err)
	}
}
