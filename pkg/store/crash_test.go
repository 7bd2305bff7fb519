package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/crashtest"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/tokencache"
)

const crashWriterEnv = "INSURE_STORE_CRASH_WRITER"

func crashBody(kind string, n int) string {
	return kind + "-" + strconv.Itoa(n) + "-" + strings.Repeat("z", n%9*500)
}

// TestHelperStoreWriter is the process the crash test kills: it saves a
// token and records a journal entry in a loop, every field derived from
// the generation n, and prints n once both writes returned.
func TestHelperStoreWriter(t *testing.T) {
	path := os.Getenv(crashWriterEnv)
	if path == "" {
		t.Skip("run by TestCrashDuringStoreWrites")
	}
	start, _ := strconv.Atoi(os.Getenv(crashWriterEnv + "_FROM"))
	s, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	ctx := context.Background()
	tc, j := s.TokenCache("p", "paoding"), s.Journal()
	fmt.Println("ready")
	for n := start + 1; ; n++ {
		now := time.Unix(int64(n), 0)
		tok := &tokencache.Token{Value: crashBody("tok", n), RefreshToken: crashBody("ref", n), IssuedAt: now, ExpiresAt: now.Add(time.Hour),
			Extra: map[string]string{"n": strconv.Itoa(n)}}
		if err := tc.Save(ctx, tok); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		j.Record(ctx, httpx.Entry{Time: now, Profile: "p", Provider: "paoding", Operation: "op-" + strconv.Itoa(n),
			Keys: map[string]string{"n": strconv.Itoa(n)}, Method: "POST", URL: "http://h/" + strconv.Itoa(n), Status: n % 600,
			Duration: time.Duration(n) * time.Millisecond, Request: crashBody("req", n), Response: crashBody("resp", n), Error: crashBody("err", n)})
		fmt.Println(n)
	}
}

// TestCrashDuringStoreWrites kills the writer with SIGKILL at random
// points of its token and journal writes and checks after each kill that
// the store opens, passes PRAGMA integrity_check, holds the token last
// reported written or the next one (never a mix of two), and that every
// journal row is whole and none reported written is missing.
func TestCrashDuringStoreWrites(t *testing.T) {
	trials, budget := 120, 20*time.Second
	if testing.Short() {
		trials, budget = 15, 5*time.Second
	}
	path := filepath.Join(t.TempDir(), "insure.db")
	ctx := context.Background()
	gen, deadline, done := 0, time.Now().Add(budget), 0
	var reported []int // every generation a writer reported written
	for ; done < trials && time.Now().Before(deadline); done++ {
		last := crashtest.KillDuringWrites(t, crashWriterEnv, path, "TestHelperStoreWriter", gen)
		for g := gen + 1; g <= last; g++ {
			reported = append(reported, g)
		}
		s, err := Open(path)
		if err != nil {
			t.Fatalf("trial %d: the store does not open after a kill: %v", done, err)
		}
		var integrity string
		if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
			t.Fatalf("trial %d: integrity_check = %q, %v", done, integrity, err)
		}
		tok, err := s.TokenCache("p", "paoding").Load(ctx)
		if err != nil {
			t.Fatalf("trial %d: token does not load: %v", done, err)
		}
		n := 0
		if tok != nil {
			n, _ = strconv.Atoi(tok.Extra["n"])
			if tok.Value != crashBody("tok", n) || tok.RefreshToken != crashBody("ref", n) || !tok.IssuedAt.Equal(time.Unix(int64(n), 0)) {
				t.Fatalf("trial %d: token is a mix of writes (generation %d)", done, n)
			}
		}
		if n < last || n > last+1 {
			t.Fatalf("trial %d: token generation %d after %d was reported written", done, n, last)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM journal`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			_ = rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		seen := map[int]bool{}
		for _, id := range ids {
			e, err := s.JournalEntryByID(ctx, id)
			if err != nil {
				t.Fatalf("trial %d: journal row %d: %v", done, id, err)
			}
			g, _ := strconv.Atoi(strings.TrimPrefix(e.Operation, "op-"))
			if e.Keys["n"] != strconv.Itoa(g) || e.URL != "http://h/"+strconv.Itoa(g) || e.Status != g%600 || e.DurationMS != int64(g) ||
				e.Request != crashBody("req", g) || e.Response != crashBody("resp", g) || e.Error != crashBody("err", g) || !e.Time.Equal(time.Unix(int64(g), 0)) {
				t.Fatalf("trial %d: journal row %d is not whole (generation %d)", done, id, g)
			}
			seen[g] = true
		}
		for _, g := range reported {
			if !seen[g] {
				t.Fatalf("trial %d: journal entry %d was reported written but is missing", done, g)
			}
		}
		s.Close()
		gen = max(n, last)
	}
	t.Logf("%d trials, last generation %d", done, gen)
	if done < min(trials, 5) {
		t.Fatalf("only %d trials ran", done)
	}
}
