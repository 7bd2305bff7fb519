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
// MaxBytes (zero: no cap). Entries of acts in doubt (InDoubt) stay
// whatever the limits, and the cap counts the others. Old and oldest go
// by each entry's time, not its id: entries are recorded when their
// request ends, stamped with when it began, so ids are not in time order.
type PruneOptions struct {
	Before   time.Time
	MaxBytes int64
	// DryRun counts what would go without removing it.
	DryRun bool
	// Through limits pruning to the entries with ids up to it (zero: all),
	// as a dry run's PruneResult.Through returns it: what a person was
	// asked to confirm is what goes, not entries recorded meanwhile.
	Through int64
	// InDoubt says whether an operation's unknown outcome leaves an act
	// in doubt (it buys, issues or cancels, or a command settles it).
	// Such rows are kept, whatever the limits, until they are settled
	// (keptInDoubt). Nil: every unknown row is kept.
	InDoubt func(provider, operation string) bool
	// SettleKey names the journal key an act's attempts are matched by
	// (store.Settlement.Key's; registry.Operation.SettleKey): the earlier
	// attempt kept with an act in doubt is one with the same value of it.
	// Nil, or "" for an operation: any key the act carries.
	SettleKey func(provider, operation string) string
}

// PruneResult says what pruning did.
type PruneResult struct {
	Removed        int64 `json:"removed"`
	RemovedBytes   int64 `json:"removed_bytes"`
	Remaining      int64 `json:"remaining"`
	RemainingBytes int64 `json:"remaining_bytes"`
	// KeptUnsettled counts the entries the limits selected that were kept
	// as acts whose outcome is unknown and not settled yet, or rows
	// settling one reads (PruneOptions.InDoubt); they count in Remaining.
	// The size cap applies to the other entries.
	KeptUnsettled int64 `json:"kept_unsettled"`
	// NewestRemoved is the time of the newest entry removed (zero: none).
	NewestRemoved time.Time `json:"-"`
	// Through is the highest id considered, for PruneOptions.Through.
	Through int64 `json:"-"`
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
	res := PruneResult{Through: o.Through}
	if res.Through <= 0 {
		if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM journal`).Scan(&res.Through); err != nil {
			return res, err
		}
	}
	kept, err := s.keptInDoubt(ctx, res.Through, o.InDoubt, o.SettleKey)
	if err != nil {
		return res, err
	}
	// due selects the entries the limits select, and chosen those of them
	// to remove: all but the kept ones. Times are compared through
	// julianday: the stored RFC 3339 texts differ in their fraction's
	// length, so they do not sort as text.
	const keptSQL = `id IN (SELECT value FROM json_each(?))`
	due, args := `id <= ? AND (0`, []any{res.Through}
	if !o.Before.IsZero() {
		due += ` OR julianday(time) < julianday(?)`
		args = append(args, o.Before.UTC().Format(time.RFC3339Nano))
	}
	if o.MaxBytes > 0 {
		// Newest first among what the age keeps: the first entry that
		// does not fit, and every older one, go. The kept ones stay
		// outside the count: they stay whatever the cap.
		q, qargs := `SELECT id, julianday(time), `+entrySize+` FROM journal WHERE id <= ? AND NOT `+keptSQL, []any{res.Through, kept}
		if !o.Before.IsZero() {
			q += ` AND julianday(time) >= julianday(?)`
			qargs = append(qargs, args[1])
		}
		rows, err := s.db.QueryContext(ctx, q+` ORDER BY julianday(time) DESC, id DESC`, qargs...)
		if err != nil {
			return res, err
		}
		var total int64
		for rows.Next() {
			var id, n int64
			var jt float64
			if err := rows.Scan(&id, &jt, &n); err != nil {
				rows.Close()
				return res, err
			}
			if total += n; total > o.MaxBytes {
				due += ` OR julianday(time) < ? OR (julianday(time) = ? AND id <= ?)`
				args = append(args, jt, jt, id)
				break
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, err
		}
	}
	due += `)`
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM journal WHERE `+due+` AND `+keptSQL, append(args, kept)...).Scan(&res.KeptUnsettled); err != nil {
		return res, err
	}
	chosen := due + ` AND NOT ` + keptSQL
	args = append(args, kept)
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(`+entrySize+`), 0) FROM journal WHERE `+chosen, args...).Scan(&res.Removed, &res.RemovedBytes)
	if err != nil {
		return res, err
	}
	if res.Removed > 0 {
		var newest string
		if err := s.db.QueryRowContext(ctx, `SELECT time FROM journal WHERE `+chosen+` ORDER BY julianday(time) DESC, id DESC LIMIT 1`, args...).Scan(&newest); err != nil {
			return res, err
		}
		res.NewestRemoved, _ = time.Parse(time.RFC3339Nano, newest)
	}
	if !o.DryRun && !o.Before.IsZero() {
		// Notifications received (last) before the cut go with the
		// journal's: nothing else removed them, and each notification a
		// listener facing the network admits is a row of its own.
		if _, err := s.db.ExecContext(ctx, `DELETE FROM notifications WHERE julianday(last_at) < julianday(?)`,
			o.Before.UTC().Format(time.RFC3339Nano)); err != nil {
			return res, err
		}
	}
	if !o.DryRun && res.Removed > 0 {
		if err := s.deleteEntries(ctx, chosen, args); err != nil {
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

// deleteEntries removes the entries chosen selects and their keys in one
// transaction, so no key outlives its entry.
func (s *Store) deleteEntries(ctx context.Context, chosen string, args []any) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, `DELETE FROM journal_keys WHERE entry_id IN (SELECT id FROM journal WHERE `+chosen+`)`, args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM journal WHERE `+chosen, args...); err != nil {
		return err
	}
	return tx.Commit()
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

// ParseRetentionAge reads how long the journal keeps entries: an age
// (ParseAge) of at least an hour. 6m is six minutes, not six months: run
// with --yes from cron, or kept as a profile's default, it would remove
// nearly the whole journal at every prune, and no retention policy keeps
// less than an hour.
func ParseRetentionAge(v string) (time.Duration, error) {
	d, err := ParseAge(v)
	if err == nil && d >= time.Hour {
		return d, nil
	}
	if err != nil && !zeroAge(v) {
		return 0, err
	}
	// A zero age (0s, 0d) asks to keep nothing: it gets the same answer
	// as 30m, not "must be an age like 90d".
	span := d.String()
	switch {
	case err != nil:
		span = "no time at all"
	case d == time.Minute:
		span = "1 minute"
	case d >= time.Minute:
		span = fmt.Sprintf("%g minutes", d.Minutes())
	}
	return 0, fmt.Errorf("must be at least an hour: %q is %s (give months as days: 180d for six months; to remove everything but acts in doubt, --max-size 1B)", strings.TrimSpace(v), span)
}

// zeroAge says v is a zero age in one of ParseAge's forms (0, 0s, 0d, 0w).
func zeroAge(v string) bool {
	v = strings.TrimSpace(v)
	for _, unit := range []string{"d", "w"} {
		if n, ok := strings.CutSuffix(v, unit); ok {
			if i, err := strconv.Atoi(n); err == nil && i == 0 {
				return true
			}
		}
	}
	d, err := time.ParseDuration(v)
	return err == nil && d == 0
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
