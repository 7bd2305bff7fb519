package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// BenchmarkKeysContaining is the suggestion `insure find` makes for a key
// that matches nothing (a plate without its province) on a journal of
// 200,000 requests, each keyed like an eBao quotation (a plate, a
// quotation number and four personal hashes). Target: well under a
// second an operation (docs/support.md); it took tens of seconds when it
// scanned the table once per kind of identifier.
//
//	go test ./pkg/store -run '^$' -bench KeysContaining -benchtime 5x
func BenchmarkKeysContaining(b *testing.B) {
	s, names := bigJournal(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := s.KeysContaining(ctx, names, "A00020", 5)
		if err != nil || len(got) != 1 || got[0] != "京A00020" {
			b.Fatalf("%v %v", got, err)
		}
	}
}

// BenchmarkKeysOneOff is the suggestion `insure find` makes next, for a
// key one character off a recorded one, on the same journal. Target: as
// KeysContaining's.
//
//	go test ./pkg/store -run '^$' -bench KeysOneOff -benchtime 5x
func BenchmarkKeysOneOff(b *testing.B) {
	s, names := bigJournal(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Sequential numbers are one off from each other: the newest five
		// that differ from the key only where it has an O for a 0.
		got, err := s.KeysOneOff(ctx, names, "Q2612020000000O20", 5)
		if err != nil || len(got) != 5 {
			b.Fatalf("%v %v", got, err)
		}
	}
}

// bigJournal is a store of 200,000 requests keyed like eBao quotations
// (a plate, a quotation number and four personal hashes), and the kinds of
// identifier find suggests from.
func bigJournal(b *testing.B) (*Store, []string) {
	s, err := Open(filepath.Join(b.TempDir(), "insure.db"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	const rows = 200000
	start := time.Now().Add(-rows * time.Millisecond)
	off := s.WriteBehind()
	j := s.Journal()
	for i := 0; i < rows; i++ {
		j.Record(ctx, httpx.Entry{Time: start.Add(time.Duration(i) * time.Millisecond), Profile: "sandbox", Provider: "ebao",
			Operation: "quotation", Method: "POST", URL: "http://x", Status: 200, Keys: map[string]string{
				"plate": fmt.Sprintf("京%c%05d", 'A'+i%20, i), "quotationNumber": fmt.Sprintf("Q26120200%08d", i),
				"holderName": "Zhang", "holderIdNumber": fmt.Sprintf("110101199001%06d", i),
				"insuredName": "Zhang", "insuredIdNumber": fmt.Sprintf("110101199001%06d", i)}})
	}
	off()
	b.Cleanup(func() { s.Close() })
	return s, []string{"plate", "vin", "orderId", "policyNumber", "quotationNumber"}
}
