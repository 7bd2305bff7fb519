package store

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

// rawFiles is every byte the store keeps on disk: the database and its
// WAL side files.
func rawFiles(t *testing.T, s *Store) []byte {
	t.Helper()
	var all []byte
	for _, side := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(s.Path + side)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func TestClearedTokenIsNotLeftInTheFile(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	c := s.TokenCache("test", "paoding")
	value := "tok-" + strings.Repeat("7f3a", 8)
	refresh := "ref-" + strings.Repeat("c0de", 8)
	if err := c.Save(ctx, &tokencache.Token{Value: value, RefreshToken: refresh, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// A second save replaces the first row's cell: its old bytes are freed too.
	if err := c.Save(ctx, &tokencache.Token{Value: value, RefreshToken: refresh, ExpiresAt: time.Now().Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(rawFiles(t, s), []byte(value)) {
		t.Fatal("the test cannot see the saved token in the file; it proves nothing")
	}
	if err := c.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	raw := rawFiles(t, s)
	if bytes.Contains(raw, []byte(value)) || bytes.Contains(raw, []byte(refresh)) {
		t.Fatal("the cleared token is still readable in the store's files")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	raw = rawFiles(t, s)
	if bytes.Contains(raw, []byte(value)) || bytes.Contains(raw, []byte(refresh)) {
		t.Fatal("the cleared token is readable in the store's files after closing")
	}
}

func TestPrunedJournalEntryIsNotLeftInTheFile(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	marker := "holder-132456199001011234-" + strings.Repeat("q", 40)
	s.Journal().Record(ctx, httpx.Entry{Time: time.Now().Add(-200 * 24 * time.Hour), Provider: "ebao", Operation: "quotation", Status: 200, Request: marker})
	s.Journal().Record(ctx, httpx.Entry{Time: time.Now(), Provider: "ebao", Operation: "quotation", Status: 200, Request: "recent"})
	if !bytes.Contains(rawFiles(t, s), []byte(marker)) {
		t.Fatal("the test cannot see the entry in the file; it proves nothing")
	}
	res, err := s.PruneJournal(ctx, PruneOptions{Before: time.Now().Add(-90 * 24 * time.Hour)})
	if err != nil || res.Removed != 1 || res.Remaining != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if bytes.Contains(rawFiles(t, s), []byte(marker)) {
		t.Fatal("the pruned entry is still readable in the store's files")
	}
}
