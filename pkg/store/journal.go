package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// JournalEntry is one recorded request.
type JournalEntry struct {
	ID         int64             `json:"id"`
	Time       time.Time         `json:"time"`
	Profile    string            `json:"profile"`
	Provider   string            `json:"provider"`
	Operation  string            `json:"operation"`
	Keys       map[string]string `json:"keys,omitempty"`
	Method     string            `json:"method"`
	URL        string            `json:"url"`
	Status     int               `json:"status"`
	DurationMS int64             `json:"duration_ms"`
	Request    string            `json:"request,omitempty"`
	Response   string            `json:"response,omitempty"`
	Error      string            `json:"error,omitempty"`
	// Outcome is ok, failed or unknown, and ExitClass the exit code that
	// goes with it (docs/reliability.md), as the provider's client read
	// the answer: a refusal inside a 2xx answer (eBao success false, a
	// Paoding business code, Bihu's 206, a Sunshine error status) is
	// failed, with the provider's Code and Message. Rows recorded before
	// answers were judged carry the exchange's outcome (ExchangeOutcome).
	Outcome   string `json:"outcome"`
	ExitClass int    `json:"exit_class"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	// Settled is set when the row's act was settled after it was recorded
	// (Settle): Outcome and ExitClass are then what is known now, and
	// Settled keeps how it was learnt and what was recorded.
	Settled *Settled `json:"settled,omitempty"`
	// Interrupted names the signal (SIGINT, SIGTERM, SIGHUP) that cut the
	// request short: the command exited 130, 143 or 129, while ExitClass
	// stays the journal's class for a lost answer (5). Rows recorded
	// before the column existed have it empty.
	Interrupted string `json:"interrupted,omitempty"`
}

// Journal adapts the store to httpx.Journal. Entries arrive already
// redacted by the transport.
func (s *Store) Journal() httpx.Journal { return journal{s} }

type journal struct{ s *Store }

func (j journal) Record(ctx context.Context, e httpx.Entry) { _ = j.RecordChecked(ctx, e) }

// RecordChecked is Record returning why the row could not be written,
// explained (a full or read-only disk, ...), so that a command can say its
// request is not in the journal. In write-behind mode (a batch) it returns
// before the write and a lost row is counted instead (LostWrites).
func (j journal) RecordChecked(ctx context.Context, e httpx.Entry) error {
	if e.Row != 0 {
		return j.s.explain(j.s.write(context.WithoutCancel(ctx), j.s.entryRewrite(e)))
	}
	if j.s.behind.Load() {
		return j.s.writeBehind(ctx, j.s.entryWrite(e, nil))
	}
	_, err := j.s.RecordEntry(ctx, e)
	return j.s.explain(err)
}

// Begin writes the row of an act about to be sent, committed before it
// goes (httpx.ActJournal); the Entry that completes it rewrites it.
func (j journal) Begin(ctx context.Context, e httpx.Entry) int64 {
	row, _ := j.BeginChecked(ctx, e)
	return row
}

// BeginChecked is Begin returning why the row could not be written. A
// batch (write-behind mode) writes none: its line's in-flight entry,
// committed before the request is sent, already answers for the act.
func (j journal) BeginChecked(ctx context.Context, e httpx.Entry) (int64, error) {
	if j.s.behind.Load() {
		return 0, nil
	}
	row, err := j.s.RecordEntry(ctx, e)
	return row, j.s.explain(err)
}

const insertJournalSQL = `INSERT INTO journal(time, profile, provider, operation, keys, method, url, status, duration_ms, request, response, error, outcome, exit_class, code, message, interrupted)
	VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// RecordEntry writes one journal row and its keys (personal keys hashed)
// in one transaction and returns the row's id.
func (s *Store) RecordEntry(ctx context.Context, e httpx.Entry) (int64, error) {
	ctx = context.WithoutCancel(ctx)
	var id int64
	// A journal failure must not fail the user's request; the row is lost
	// and the request's own result still stands.
	if err := s.write(ctx, s.entryWrite(e, &id)); err != nil {
		return 0, err
	}
	return id, nil
}

// entryWrite is the write of one journal row and its keys; it sets *id
// (when id is not nil) to the row's id.
func (s *Store) entryWrite(e httpx.Entry, id *int64) func(context.Context, *sql.Tx) error {
	cols, k := s.entryColumns(e)
	return func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, s.stmts.journal).ExecContext(ctx, cols...)
		if err != nil {
			return err
		}
		rowID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if id != nil {
			*id = rowID
		}
		return insertKeys(ctx, tx.StmtContext(ctx, s.stmts.key), rowID, k)
	}
}

// entryColumns are the values of e's row, in insertJournalSQL's order
// (rewriteJournalSQL's before its id), and its keys as stored (personal
// ones hashed).
func (s *Store) entryColumns(e httpx.Entry) ([]any, map[string]string) {
	k := s.hashKeys(e.Keys)
	keys, _ := json.Marshal(k)
	if k == nil {
		keys = []byte("{}")
	}
	outcome, exit, code, message := entryOutcome(e)
	return []any{e.Time.UTC().Format(time.RFC3339Nano), e.Profile, e.Provider, e.Operation, string(keys), e.Method, e.URL,
		e.Status, e.Duration.Milliseconds(), e.Request, e.Response, e.Error, outcome, exit, code, message, e.Interrupted}, k
}

const rewriteJournalSQL = `UPDATE journal SET time = ?, profile = ?, provider = ?, operation = ?, keys = ?, method = ?, url = ?,
	status = ?, duration_ms = ?, request = ?, response = ?, error = ?, outcome = ?, exit_class = ?, code = ?, message = ?, interrupted = ?
	WHERE id = ?`

// entryRewrite completes row e.Row, written before its act was sent, with
// what came of the exchange; its keys are written again, since the answer
// may have added some (a policy number).
func (s *Store) entryRewrite(e httpx.Entry) func(context.Context, *sql.Tx) error {
	cols, k := s.entryColumns(e)
	return func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, rewriteJournalSQL, append(cols, e.Row)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM journal_keys WHERE entry_id = ?`, e.Row); err != nil {
			return err
		}
		return insertKeys(ctx, tx.StmtContext(ctx, s.stmts.key), e.Row, k)
	}
}

// entryOutcome is the outcome, exit class, code and message a row of e
// records.
func entryOutcome(e httpx.Entry) (outcome string, exit int, code, message string) {
	outcome, exit = ExchangeOutcome(e.Status, e.Error)
	if v := e.Verdict; v != nil {
		outcome, exit, code, message = OutcomeFailed, v.ExitClass, v.Code, v.Message
		if (v.Unknown || v.ExitClass == 5) && !v.NotSent {
			outcome = OutcomeUnknown
		}
	}
	return outcome, exit, code, message
}

// Outcomes of a journal row: ok (a result), failed (refused: by status,
// by a business code or message inside a 2xx answer, or an answer that
// did not verify) or unknown (no whole answer: a connection failure, a
// timeout, a 5xx, an answer cut short, or an act whose answer is in doubt).
const (
	OutcomeOK      = "ok"
	OutcomeFailed  = "failed"
	OutcomeUnknown = "unknown"
)

// ExchangeOutcome is a row's outcome and exit class from its exchange
// alone, for an answer nobody judged (and rows recorded before answers
// were): 0, 3 (401/403), 4 (other 4xx), 5 (network, 5xx, 3xx), 7 (429).
func ExchangeOutcome(status int, transportError string) (string, int) {
	switch {
	case transportError != "" || status == 0 || status >= 500:
		return OutcomeUnknown, 5
	case status >= 200 && status < 300:
		return OutcomeOK, 0
	case status >= 300 && status < 400:
		return OutcomeFailed, 5
	case status == 401 || status == 403:
		return OutcomeFailed, 3
	case status == 429:
		return OutcomeFailed, 7
	}
	return OutcomeFailed, 4
}

// outcomeSQL is a row's outcome: as settled, else as recorded, else from
// its exchange.
const outcomeSQL = `CASE WHEN settled != '' THEN settled WHEN outcome != '' THEN outcome WHEN error != '' OR status = 0 OR status >= 500 THEN 'unknown' WHEN status BETWEEN 200 AND 299 THEN 'ok' ELSE 'failed' END`

// statusOrderIndex serves `history list --status`: a row's outcome as
// read (outcomeSQL), then its send order (sendInstant, then the rowid),
// so the newest rows of one outcome are read in the listing's order
// without visiting the others, and counted from the index alone. Without
// it a status filter read every row: about half a second on a journal of
// 200,000 (BenchmarkStatusFilter). Like journal_send_order it indexes
// only comparisons and text functions, whose values every SQLite version
// computes alike (see sendInstant).
const statusOrderIndex = `CREATE INDEX IF NOT EXISTS journal_status_order ON journal(` + outcomeSQL + `, ` + sendInstant + `)`

// keyedOutcomeSQL is outcomeSQL where an identifier picks the rows: the
// unary + keeps SQLite from walking every row of the outcome through
// journal_status_order (every ok row, for Settle's and FromJournal's
// look-ups) instead of the identifier's few through journal_keys.
const keyedOutcomeSQL = `+(` + outcomeSQL + `)`

// sendInstant is the send time of a journal row as text that sorts as
// the instant: its time (RFC 3339 in UTC, as every insure wrote it) with
// the fraction, of 0 to 9 digits, padded to 9 ("…:05Z" sorts after
// "…:05.5Z" as written). Only text functions, so every SQLite computes
// the same key: the journal_send_order index is built on it, and a
// function whose value changed between versions (julianday did in 3.42)
// would make the index look corrupt to the other version, which then
// refuses to change the rows.
const sendInstant = `(substr(time, 1, 19) || substr(CASE WHEN substr(time, 20, 1) = '.' THEN rtrim(substr(time, 20), 'Z') ELSE '.' END || '000000000', 1, 10))`

// instantKey is t written as sendInstant writes a row's time.
func instantKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000") }

// entryColumns are what a listing reads of a row; scanEntry reads them.
const entryColumns = `id, time, profile, provider, operation, keys, method, url, status, duration_ms, error, outcome, exit_class, code, message, settled, settled_by, interrupted`

// scanEntry reads entryColumns, and the bodies after them when withBodies.
func scanEntry(row interface{ Scan(...any) error }, withBodies bool) (JournalEntry, error) {
	var e JournalEntry
	var ts, keys, settled, settledBy string
	dest := []any{&e.ID, &ts, &e.Profile, &e.Provider, &e.Operation, &keys, &e.Method, &e.URL, &e.Status, &e.DurationMS, &e.Error,
		&e.Outcome, &e.ExitClass, &e.Code, &e.Message, &settled, &settledBy, &e.Interrupted}
	if withBodies {
		dest = append(dest, &e.Request, &e.Response)
	}
	if err := row.Scan(dest...); err != nil {
		return e, err
	}
	e.Time, _ = time.Parse(time.RFC3339Nano, ts)
	_ = json.Unmarshal([]byte(keys), &e.Keys)
	if e.Outcome == "" {
		e.Outcome, e.ExitClass = ExchangeOutcome(e.Status, e.Error)
	}
	if settled != "" {
		e.Settled = &Settled{By: settledBy, Outcome: e.Outcome, ExitClass: e.ExitClass}
		e.Outcome = settled
		if settled == OutcomeOK {
			e.ExitClass = 0
		}
	}
	return e, nil
}

// JournalFilter narrows History.
type JournalFilter struct {
	Profile, Provider, Operation string
	// Key matches any identifier value (a resident ID number or a name
	// matches its salted hash).
	Key string
	// Since and Until bound the time (zero: unbounded; Until exclusive).
	Since, Until time.Time
	// Status is ok, failed or unknown (JournalEntry.Outcome).
	Status string
	// Limit caps the rows: zero means 30, negative means all.
	Limit int
	// Ascending lists oldest first.
	Ascending bool
	// BySendTime orders by the time each request was sent, then by id,
	// instead of by id alone: concurrent processes and a batch's
	// write-behind write rows out of send order (journal_send_order).
	BySendTime bool
}

func (s *Store) where(f JournalFilter) (string, []any) {
	q := ` WHERE 1=1`
	var args []any
	// With a key, the key's index picks the rows: the unary + keeps
	// SQLite from scanning a provider's or operation's rows instead.
	plus := ""
	if f.Key != "" {
		plus = "+"
	}
	if f.Profile != "" {
		q += ` AND profile = ?`
		args = append(args, f.Profile)
	}
	if f.Provider != "" {
		q += ` AND ` + plus + `provider = ?`
		args = append(args, f.Provider)
	}
	if f.Operation != "" {
		q += ` AND ` + plus + `operation = ?`
		args = append(args, f.Operation)
	}
	if f.Key != "" {
		vals := s.SearchValues(f.Key)
		q += ` AND id IN (SELECT entry_id FROM journal_keys WHERE value IN (?, ?))`
		args = append(args, vals[0], vals[1])
	}
	// Times are stored as RFC 3339 in UTC with a variable fraction, so
	// they compare as instants through their send-order key (the
	// journal_send_order index serves it; julianday(time) read every row),
	// against the bound written as that key is.
	if !f.Since.IsZero() {
		q += ` AND ` + sendInstant + ` >= ?`
		args = append(args, instantKey(f.Since))
	}
	if !f.Until.IsZero() {
		q += ` AND ` + sendInstant + ` < ?`
		args = append(args, instantKey(f.Until))
	}
	if f.Status != "" {
		outcome := outcomeSQL
		if f.Key != "" {
			outcome = keyedOutcomeSQL
		}
		q += ` AND ` + outcome + ` = ?`
		args = append(args, f.Status)
	}
	return q, args
}

// History lists journal entries, newest first, without bodies.
func (s *Store) History(ctx context.Context, f JournalFilter) ([]JournalEntry, error) {
	s.settled(ctx)
	var out []JournalEntry
	err := s.EachHistory(ctx, f, false, func(e *JournalEntry) error {
		out = append(out, *e)
		return nil
	})
	return out, err
}

// CountHistory counts the entries f matches, ignoring its Limit.
func (s *Store) CountHistory(ctx context.Context, f JournalFilter) (int, error) {
	s.settled(ctx)
	w, args := s.where(f)
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM journal`+w, args...).Scan(&n)
	return n, err
}

// EachHistory streams the entries f matches to fn, one at a time, as the
// query yields them (nothing is collected in memory); withBodies adds the
// request and response. fn's error stops the walk and is returned.
func (s *Store) EachHistory(ctx context.Context, f JournalFilter, withBodies bool, fn func(*JournalEntry) error) error {
	s.settled(ctx)
	if f.Limit == 0 {
		f.Limit = 30
	}
	cols := entryColumns
	if withBodies {
		cols += `, request, response`
	}
	w, args := s.where(f)
	q := `SELECT ` + cols + ` FROM journal` + w
	dir := ` DESC`
	if f.Ascending {
		dir = ` ASC`
	}
	if f.BySendTime {
		q += ` ORDER BY ` + sendInstant + dir + `, id` + dir
	} else {
		q += ` ORDER BY id` + dir
	}
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows, withBodies)
		if err != nil {
			return err
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ErrNotFound is returned for a missing row.
var ErrNotFound = errors.New("not found")

// JournalEntryByID returns one entry with its bodies.
func (s *Store) JournalEntryByID(ctx context.Context, id int64) (*JournalEntry, error) {
	s.settled(ctx)
	e, err := scanEntry(s.db.QueryRowContext(ctx, `SELECT `+entryColumns+`, request, response FROM journal WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}
