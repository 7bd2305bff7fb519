package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

func TestPersonalKeysAreStoredHashedAndFoundByValue(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	id, err := s.RecordEntry(ctx, httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao", Operation: "quotation",
		Keys:   map[string]string{"plate": "沪A6U615", "holderIdNumber": "132456199001011234", "holderName": "Shop.Zhang", "quotationNumber": "Q1,Q2"},
		Method: "POST", URL: "http://x", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := s.db.QueryRow(`SELECT keys || (SELECT group_concat(value) FROM journal_keys WHERE entry_id = ?) FROM journal WHERE id = ?`, id, id).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"132456199001011234", "Shop.Zhang"} {
		if strings.Contains(raw, clear) {
			t.Errorf("the store holds %q in clear: %s", clear, raw)
		}
	}
	for _, look := range []string{"沪A6U615", "132456199001011234", " shop.zhang ", "Q2", "Q1"} {
		h, err := s.History(ctx, JournalFilter{Key: look})
		if err != nil || len(h) != 1 || h[0].ID != id {
			t.Errorf("key %q: %+v %v", look, h, err)
		}
	}
	if h, _ := s.History(ctx, JournalFilter{Key: "Q1,Q2"}); len(h) != 0 {
		t.Errorf("a joined value matched: %+v", h)
	}
}

func TestSaltIsKeptAcrossOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h1 := a.HashPersonal("132456199001011234")
	a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if h2 := b.HashPersonal("132456199001011234"); h1 != h2 {
		t.Fatalf("hash changed across opens: %s %s", h1, h2)
	}
	other := open(t)
	if other.HashPersonal("132456199001011234") == h1 {
		t.Fatal("two installations share a salt")
	}
}

// Rows written before journal_keys existed are indexed on open, once.
func TestKeysOfExistingRowsAreMigratedOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// An old row: keys only in the JSON column, and a store that has not
	// migrated.
	if _, err := s.db.Exec(`INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error)
		VALUES(?, 'sandbox', 'ebao', 'cancellation', '{"policyNumber":"P-OLD"}', 'POST', 'http://x', 200, 1, '', '', '')`, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`DELETE FROM meta WHERE name = 'journal_keys_version'`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range 2 {
		s, err = Open(path)
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.History(context.Background(), JournalFilter{Key: "P-OLD"})
		if err != nil || len(h) != 1 {
			t.Fatalf("after open: %+v %v", h, err)
		}
		var n int
		_ = s.db.QueryRow(`SELECT count(*) FROM journal_keys WHERE value = 'P-OLD'`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d key rows after opening again", n)
		}
		s.Close()
	}
}

func TestHistoryFiltersByTimeAndOutcome(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for i, st := range []int{200, 0, 404, 502, 200} {
		e := httpx.Entry{Time: base.Add(time.Duration(i) * time.Hour), Profile: "sandbox", Provider: "ebao", Operation: "quotation", Method: "POST", URL: "u", Status: st}
		if st == 0 {
			e.Error = "connection reset"
		}
		if _, err := s.RecordEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	count := func(f JournalFilter) int {
		f.Limit = -1
		h, err := s.History(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := s.CountHistory(ctx, f)
		if n != len(h) {
			t.Fatalf("count %d, listed %d", n, len(h))
		}
		return len(h)
	}
	if n := count(JournalFilter{Status: OutcomeOK}); n != 2 {
		t.Errorf("ok: %d", n)
	}
	if n := count(JournalFilter{Status: OutcomeUnknown}); n != 2 {
		t.Errorf("unknown: %d", n)
	}
	if n := count(JournalFilter{Status: OutcomeFailed}); n != 1 {
		t.Errorf("failed: %d", n)
	}
	if n := count(JournalFilter{Since: base.Add(90 * time.Minute), Until: base.Add(4 * time.Hour)}); n != 2 {
		t.Errorf("window: %d", n)
	}
}

// A row whose answer the provider refused inside a 200 is failed, with
// the exit class, code and message of the refusal; an act in doubt is
// unknown. --status filters by that outcome.
func TestRowsCarryTheProvidersVerdict(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	rec := func(status int, v *httpx.Verdict) int64 {
		id, err := s.RecordEntry(ctx, httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding", Operation: "report.buy",
			Method: "POST", URL: "u", Status: status, Verdict: v})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	okID := rec(200, nil)
	refused := rec(200, &httpx.Verdict{ExitClass: 4, Code: "30010", Message: "the VIN is not supported"})
	doubt := rec(200, &httpx.Verdict{ExitClass: 6, Message: "unreadable answer", Unknown: true})
	want := map[int64][4]string{
		okID:    {"ok", "0", "", ""},
		refused: {"failed", "4", "30010", "the VIN is not supported"},
		doubt:   {"unknown", "6", "", "unreadable answer"},
	}
	for id, w := range want {
		e, err := s.JournalEntryByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := [4]string{e.Outcome, fmt.Sprint(e.ExitClass), e.Code, e.Message}; got != w {
			t.Errorf("row %d: %q, want %q", id, got, w)
		}
	}
	h, err := s.History(ctx, JournalFilter{Status: OutcomeFailed})
	if err != nil || len(h) != 1 || h[0].ID != refused || h[0].Code != "30010" {
		t.Fatalf("--status failed: %+v %v", h, err)
	}
	if h, _ := s.History(ctx, JournalFilter{Status: OutcomeOK}); len(h) != 1 || h[0].ID != okID {
		t.Fatalf("--status ok: %+v", h)
	}
}

// A store made before rows carried a verdict gains its columns on open;
// its rows keep the outcome their exchange gives.
func TestOldStoreGainsVerdictColumns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// A store that old has no index on the outcome either.
	if _, err := s.db.Exec(`DROP INDEX journal_status_order`); err != nil {
		t.Fatal(err)
	}
	for _, c := range verdictColumns {
		if _, err := s.db.Exec(`ALTER TABLE journal DROP COLUMN ` + c.name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error)
		VALUES(?, 'sandbox', 'ebao', 'issuance', '{}', 'POST', 'http://x', 404, 1, '', '', '')`, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h, err := s.History(context.Background(), JournalFilter{Status: OutcomeFailed})
	if err != nil || len(h) != 1 || h[0].Outcome != OutcomeFailed || h[0].ExitClass != 4 {
		t.Fatalf("old row: %+v %v", h, err)
	}
}

// BenchmarkKeyLookup compares a look-up by key in a journal of 100 rows
// and of 100,000 (docs/performance.md): with journal_keys it stays flat.
func BenchmarkKeyLookup(b *testing.B) {
	for _, rows := range []int{100, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "insure.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			tx, err := s.db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			now := time.Now().UTC().Format(time.RFC3339Nano)
			insert, err := tx.Prepare(insertKeySQL)
			if err != nil {
				b.Fatal(err)
			}
			for i := range rows {
				keys := fmt.Sprintf(`{"orderId":"O-%d","vin":"LSVAU2180N%07d"}`, i, i)
				res, err := tx.Exec(`INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error)
					VALUES(?, 'sandbox', 'paoding', 'report.buy', ?, 'POST', 'http://x', 200, 1, '', '', '')`, now, keys)
				if err != nil {
					b.Fatal(err)
				}
				id, _ := res.LastInsertId()
				if err := insertKeys(ctx, insert, id, map[string]string{"orderId": fmt.Sprintf("O-%d", i), "vin": fmt.Sprintf("LSVAU2180N%07d", i)}); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			want := fmt.Sprintf("O-%d", rows/2)
			b.Run("journal_keys", func(b *testing.B) {
				for range b.N {
					h, err := s.History(ctx, JournalFilter{Key: want, Provider: "paoding"})
					if err != nil || len(h) != 1 {
						b.Fatalf("%+v %v", h, err)
					}
				}
			})
			// The look-up before journal_keys, for comparison.
			b.Run("json_each", func(b *testing.B) {
				for range b.N {
					var n int
					if err := s.db.QueryRow(`SELECT count(*) FROM (SELECT id FROM journal WHERE provider = ? AND EXISTS (SELECT 1 FROM json_each(journal.keys) WHERE value = ?) ORDER BY id DESC LIMIT 30)`, "paoding", want).Scan(&n); err != nil || n != 1 {
						b.Fatalf("%d %v", n, err)
					}
				}
			})
		})
	}
}

// TestHashPersonalIsTheSaltedHMAC pins the journal's hashed keys to their
// definition (what rows already on disk hold), also when HMACs are reused
// from several goroutines at once.
func TestHashPersonalIsTheSaltedHMAC(t *testing.T) {
	s := open(t)
	want := func(v string) string {
		m := hmac.New(sha256.New, s.salt)
		m.Write([]byte(strings.ToUpper(strings.TrimSpace(v))))
		return "h:" + hex.EncodeToString(m.Sum(nil))[:32]
	}
	values := []string{"132456199001011234", " 13245619900101123x ", "张三", "Shop.Zhang", "", strings.Repeat("长", 200)}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				for _, v := range values {
					if got, w := s.HashPersonal(v), want(v); got != w {
						t.Errorf("%q: %s, want %s", v, got, w)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkHashPersonal is one hashed key of a journal row (a batch line
// of an eBao quotation has four).
func BenchmarkHashPersonal(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "insure.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	for b.Loop() {
		_ = s.HashPersonal("110101199003070011")
	}
}

// Completion lists identifiers newest first, by a prefix in any case
// (a LIKE wildcard in the prefix is a character), never a personal hash;
// ProviderKeyValues keeps to one provider's requests, and to one
// profile's when given one.
func TestRecentKeysAndProviderKeyValues(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	rec := func(provider string, keys map[string]string) {
		if _, err := s.RecordEntry(ctx, httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: provider, Operation: "op",
			Keys: keys, Method: "POST", URL: "http://x", Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	rec("paoding", map[string]string{"orderId": "SUP_1", "vin": "LSVAU2180N2183294"})
	rec("sunshine", map[string]string{"orderId": "TB1", "ownerName": "张三"})
	rec("paoding", map[string]string{"orderId": "SUPX1"})
	names := []string{"orderId", "vin", "ownerName"}
	got := func(prefix string) string {
		kvs, err := s.RecentKeys(ctx, names, prefix, 50)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, kv := range kvs {
			out = append(out, kv.Name+"="+kv.Value)
		}
		return strings.Join(out, " ")
	}
	if g := got(""); g != "orderId=SUPX1 orderId=TB1 vin=LSVAU2180N2183294 orderId=SUP_1" {
		t.Errorf("all: %s", g)
	}
	if g := got("sup_"); g != "orderId=SUP_1" {
		t.Errorf("prefix sup_: %s", g)
	}
	ids, err := s.ProviderKeyValues(ctx, "", "paoding", "orderId", 50)
	if err != nil || strings.Join(ids, " ") != "SUPX1 SUP_1" {
		t.Errorf("paoding's order ids: %v %v", ids, err)
	}
	// One profile's only: an order bought in the sandbox does not exist
	// in production.
	if _, err := s.RecordEntry(ctx, httpx.Entry{Time: time.Now(), Profile: "prod", Provider: "paoding", Operation: "op",
		Keys: map[string]string{"orderId": "PROD-1"}, Method: "POST", URL: "http://x", Status: 200}); err != nil {
		t.Fatal(err)
	}
	if ids, err := s.ProviderKeyValues(ctx, "prod", "paoding", "orderId", 50); err != nil || strings.Join(ids, " ") != "PROD-1" {
		t.Errorf("prod's order ids: %v %v", ids, err)
	}
	if ids, err := s.ProviderKeyValues(ctx, "sandbox", "paoding", "orderId", 50); err != nil || strings.Join(ids, " ") != "SUPX1 SUP_1" {
		t.Errorf("the sandbox's order ids: %v %v", ids, err)
	}
}
