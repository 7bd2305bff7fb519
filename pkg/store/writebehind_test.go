package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// In write-behind mode the journal rows, noted records and finished batch
// lines of many writers are all there for a read in the same process at
// once, and for another process after Close; an in-flight batch line is
// committed before PutBatchLine returns, as another process sees.
func TestWriteBehindLosesNothingAndCommitsInFlightAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.WriteBehind()
	ctx := context.Background()
	j := s.Journal()
	const n = 600
	done := make(chan struct{})
	for w := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := w; i < n; i += 8 {
				id := fmt.Sprintf("Q%04d", i)
				j.Record(ctx, httpx.Entry{Time: time.Unix(int64(i), 0), Profile: "p", Provider: "ebao", Operation: "quotation",
					Keys: map[string]string{"quotationNumber": id}, Method: "POST", URL: "http://h/q", Status: 200, Request: "{}", Response: "{}"})
				s.NoteRecord(ctx, Record{Profile: "p", Provider: "ebao", Kind: "quotation", ID: id, Body: []byte(`{}`)})
				_ = s.FinishBatchLine(ctx, "quote", "p", id, BatchLine{Line: i + 1, Outcome: "ok", Result: []byte(`{"n":1}`)})
			}
		}()
	}
	for range 8 {
		<-done
	}
	if got, err := s.CountHistory(ctx, JournalFilter{}); err != nil || got != n {
		t.Fatalf("journal rows seen by a read right after: %d (%v), want %d", got, err, n)
	}
	if rows, err := s.History(ctx, JournalFilter{Key: "Q0599"}); err != nil || len(rows) != 1 {
		t.Fatalf("look-up by key: %d rows (%v)", len(rows), err)
	}

	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := s.PutBatchLine(ctx, "buy", "p", "h1", BatchLine{Line: 1, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	if b, err := other.GetBatchLine(ctx, "buy", "p", "h1"); err != nil || b == nil || b.Outcome != "in_flight" {
		t.Fatalf("another process does not see the in-flight entry at once: %+v, %v", b, err)
	}

	for i := n; i < n+300; i++ {
		_ = s.FinishBatchLine(ctx, "quote", "p", fmt.Sprintf("Q%04d", i), BatchLine{Line: i + 1, Outcome: "ok"})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"Q0000", "Q0599", "Q0899"} {
		if b, err := other.GetBatchLine(ctx, "quote", "p", id); err != nil || b == nil || b.Outcome != "ok" {
			t.Fatalf("after Close, %s: %+v, %v", id, b, err)
		}
	}
	if recs, err := other.ListRecords(ctx, "p", "ebao", "quotation", -1); err != nil || len(recs) != 100 {
		t.Fatalf("records after Close: %d (%v), want the newest 100", len(recs), err)
	}
}

// Turning write-behind off commits what was queued, and the store writes
// through again: a row recorded after is committed before Record returns.
func TestWriteBehindOffCommitsAndWritesThrough(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	off := s.WriteBehind()
	_ = s.FinishBatchLine(ctx, "quote", "p", "behind", BatchLine{Line: 1, Outcome: "ok"})
	off()
	_ = s.FinishBatchLine(ctx, "quote", "p", "through", BatchLine{Line: 2, Outcome: "ok"})
	for _, h := range []string{"behind", "through"} {
		if b, err := other.GetBatchLine(ctx, "quote", "p", h); err != nil || b == nil {
			t.Fatalf("%s: not committed (%+v, %v)", h, b, err)
		}
	}
}
