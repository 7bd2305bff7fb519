package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Journal retention: `insure history prune` removes old entries, and the
// oldest ones beyond a size cap. The defaults apply when neither the
// command line nor the profile (defaults.history-max-age,
// defaults.history-max-size) says otherwise.
const (
	DefaultJournalMaxAge  = 90 * 24 * time.Hour
	DefaultJournalMaxSize = 100 << 20 // 100 MiB
)

// PruneOptions say what to remove: entries recorded before Before (zero:
// none by age), then the oldest entries until the rest take at most
// MaxBytes (zero: no cap).
type PruneOptions struct {
	Before   time.Time
	MaxBytes int64
	// DryRun counts what would go without removing it.
	DryRun bool
}

// PruneResult says what pruning did.
type PruneResult struct {
	Removed        int64 `json:"removed"`
	RemovedBytes   int64 `json:"removed_bytes"`
	Remaining      int64 `json:"remaining"`
	RemainingBytes int64 `json:"remaining_bytes"`
}

// entrySize is the bytes one journal row holds, near enough.
const entrySize = `(length(CAST(request AS BLOB)) + length(CAST(response AS BLOB)) + length(CAST(url AS BLOB)) + length(CAST(error AS BLOB)) + length(CAST(message AS BLOB)) + length(CAST(keys AS BLOB)) + 64)`

// JournalSize is the number of entries and the bytes they hold.
func (s *Store) JournalSize(ctx context.Context) (entries, bytes int64, err error) {
	s.settled(ctx)
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(`+entrySize+`), 0) FROM journal`).Scan(&entries, &bytes)
	return entries, bytes, err
}

// PruneJournal removes journal entries as o says. Removed rows are zeroed
// in the file (secure_delete) and the file is compacted afterwards, so
// what was pruned is gone from the disk, not only from the listing.
func (s *Store) PruneJournal(ctx context.Context, o PruneOptions) (PruneResult, error) {
	s.settled(ctx)
	var res PruneResult
	// cut is the highest id to remove: by age, then by size.
	var cut int64
	if !o.Before.IsZero() {
		err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM journal WHERE julianday(time) < julianday(?)`,
			o.Before.UTC().Format(time.RFC3339Nano)).Scan(&cut)
		if err != nil {
			return res, err
		}
	}
	if o.MaxBytes > 0 {
		rows, err := s.db.QueryContext(ctx, `SELECT id, `+entrySize+` FROM journal WHERE id > ? ORDER BY id DESC`, cut)
		if err != nil {
			return res, err
		}
		var total int64
		for rows.Next() {
			var id, n int64
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return res, err
			}
			total += n
			if total > o.MaxBytes {
				cut = id
				break
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, err
		}
	}
	err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(`+entrySize+`), 0) FROM journal WHERE id <= ?`, cut).Scan(&res.Removed, &res.RemovedBytes)
	if err != nil {
		return res, err
	}
	if !o.DryRun && res.Removed > 0 {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM journal_keys WHERE entry_id <= ?`, cut); err != nil {
			return res, err
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM journal WHERE id <= ?`, cut); err != nil {
			return res, err
		}
		// Give the space back and leave nothing of the removed rows in
		// the WAL; best effort, the rows are already zeroed. VACUUM
		// copies the whole database through a temporary one: on disk,
		// not in memory as the connection's temp_store says (a journal
		// of hundreds of megabytes would be held in RAM).
		_, _ = s.db.ExecContext(ctx, `PRAGMA temp_store = FILE`)
		_, _ = s.db.ExecContext(ctx, `VACUUM`)
		_, _ = s.db.ExecContext(ctx, `PRAGMA temp_store = MEMORY`)
		s.scrub(ctx)
	}
	res.Remaining, res.RemainingBytes, err = s.JournalSize(ctx)
	if o.DryRun {
		res.Remaining -= res.Removed
		res.RemainingBytes -= res.RemovedBytes
	}
	return res, err
}

// ParseAge reads a retention age: a Go duration (36h) or a number of days
// or weeks (90d, 2w).
func ParseAge(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	bad := fmt.Errorf("must be an age like 90d, 2w or 36h (got %q)", v)
	if n, ok := strings.CutSuffix(v, "d"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d <= 0 {
			return 0, bad
		}
		return time.Duration(d) * 24 * time.Hour, nil
	}
	if n, ok := strings.CutSuffix(v, "w"); ok {
		w, err := strconv.Atoi(n)
		if err != nil || w <= 0 {
			return 0, bad
		}
		return time.Duration(w) * 7 * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}

// ParseSize reads a size: bytes, or a number with KB, MB, GB (powers of
// 1000) or KiB, MiB, GiB (powers of 1024), without case.
func ParseSize(v string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(v))
	bad := fmt.Errorf("must be a size like 50MB, 200MiB or 1GB (got %q)", v)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(n), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 {
		return 0, bad
	}
	return int64(n * float64(mult)), nil
}
