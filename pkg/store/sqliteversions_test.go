package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
	"modernc.org/sqlite"
)

// sqliteBefore342 opens path as an SQLite before 3.42 does (the sqlite3
// shell of Debian 12, 3.40): its julianday rounds to the millisecond,
// where the SQLite insure links keeps the sub-millisecond fraction.
func sqliteBefore342(t *testing.T, path string) *sql.DB {
	t.Helper()
	d := &sqlite.Driver{}
	const unixEpochJDms = 210866760000000 // julianday 2440587.5 in ms
	d.MustRegisterDeterministicScalarFunction("julianday", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		at, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, nil
		}
		ms := at.Round(time.Millisecond).UnixMilli()
		return float64(ms+unixEpochJDms) / 86400000, nil
	})
	db := sql.OpenDB(dsnConnector{d, "file:" + path + "?_pragma=busy_timeout(10000)"})
	t.Cleanup(func() { db.Close() })
	return db
}

type dsnConnector struct {
	d   *sqlite.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// A store insure opened is whole to every SQLite, not only to the one
// insure links: with julianday(time) indexed, the sqlite3 shell before
// 3.42 reported rows "missing from index journal_sent" and refused to
// delete them ("database disk image is malformed"). A store the first
// form of the index was built in loses it on opening.
func TestStoreIsWholeToOtherSQLiteVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`CREATE INDEX IF NOT EXISTS journal_sent ON journal(julianday(time))`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// .999691907 s: julianday differs between the versions by 0.3 ms.
	sent := time.Date(2026, 12, 2, 5, 11, 40, 999691907, time.UTC)
	for _, at := range []time.Time{sent, sent.Add(-500 * time.Millisecond), sent.Truncate(time.Second)} {
		if _, err := s.RecordEntry(ctx, httpx.Entry{Time: at, Profile: "sandbox", Provider: "paoding", Operation: "report.buy",
			Keys: map[string]string{"orderId": "O-" + at.Format("05.000000000")}, Method: "POST", URL: "http://x", Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.History(ctx, JournalFilter{Limit: -1, Ascending: true, BySendTime: true})
	if err != nil || len(h) != 3 || h[0].ID != 3 || h[1].ID != 2 || h[2].ID != 1 {
		t.Fatalf("send order: %+v %v", h, err)
	}
	s.Close()

	other := sqliteBefore342(t, path)
	var check string
	if err := other.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check under SQLite < 3.42: %q %v", check, err)
	}
	if _, err := other.Exec(`DELETE FROM journal WHERE id = 1`); err != nil {
		t.Errorf("deleting a row under SQLite < 3.42: %v", err)
	}
}
