package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"time"
)

// batchSchema is the resume table of `--batch`: one row per (command,
// profile, content hash of an input line), holding the line's last
// outcome. A resumed batch skips the lines done here and resolves those
// left in flight.
const batchSchema = `
CREATE TABLE IF NOT EXISTS batch_lines (
	command TEXT NOT NULL, profile TEXT NOT NULL, hash TEXT NOT NULL,
	line INTEGER NOT NULL, outcome TEXT NOT NULL, exit_code INTEGER NOT NULL,
	result TEXT NOT NULL, updated_at TEXT NOT NULL,
	PRIMARY KEY (command, profile, hash));
`

// BatchLine is one finished (or in-flight) line of a batch.
type BatchLine struct {
	Line      int
	Outcome   string
	ExitCode  int
	Result    []byte
	UpdatedAt time.Time
	// Sending, when written, stamps the entry with this process (its
	// Result is then the stamp): an act's entry made just before it is
	// sent. Read back, SenderPID is that process's pid while it still
	// runs on this host and is not this process, else 0: a second run of
	// the same batch at the same time (--resume) took such a line for one
	// a crashed run had left, and looked it up or sent it again while the
	// first was still sending it.
	Sending   bool
	SenderPID int
}

// senderStamp is the Result of an entry written with Sending.
type senderStamp struct {
	PID     int    `json:"sender_pid"`
	Started string `json:"sender_started,omitempty"`
	Host    string `json:"sender_host"`
}

// ownStamp is this process's senderStamp, made once.
var ownStamp = sync.OnceValue(func() []byte {
	me := os.Getpid()
	b, _ := json.Marshal(senderStamp{PID: me, Started: processStart(me), Host: thisHost()})
	return b
})

// liveSender is the pid of the other process on this host, still
// running, that stamped result (senderStamp); 0 otherwise.
func liveSender(result []byte) int {
	if !bytes.HasPrefix(result, []byte(`{"sender_pid":`)) {
		return 0
	}
	var st senderStamp
	if json.Unmarshal(result, &st) != nil || st.Host != thisHost() || st.PID == os.Getpid() || !processAlive(st.PID, st.Started) {
		return 0
	}
	return st.PID
}

// GetBatchLine returns the line recorded for (command, profile, hash), or
// nil when there is none.
func (s *Store) GetBatchLine(ctx context.Context, command, profile, hash string) (*BatchLine, error) {
	s.settled(ctx)
	var b BatchLine
	var result, at string
	err := s.db.QueryRowContext(ctx, `SELECT line, outcome, exit_code, result, updated_at FROM batch_lines
		WHERE command = ? AND profile = ? AND hash = ?`, command, profile, hash).Scan(&b.Line, &b.Outcome, &b.ExitCode, &result, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.explain(err)
	}
	if result != "" {
		b.Result = []byte(result)
	}
	if b.SenderPID = liveSender(b.Result); b.SenderPID != 0 || bytes.HasPrefix(b.Result, []byte(`{"sender_pid":`)) {
		b.Result = nil // the stamp is no result
	}
	b.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
	return &b, nil
}

// putBatchLineSQL records a line's outcome. A line done (ok) stays done:
// only another ok replaces it. An identical line later in the same input,
// or a rerun without --resume, may fail where the first succeeded (an act
// repeated is refused as a repeat); the entry must still say the line was
// done, so that --resume skips it rather than sending it again.
const putBatchLineSQL = `INSERT INTO batch_lines (command, profile, hash, line, outcome, exit_code, result, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (command, profile, hash) DO UPDATE SET line = excluded.line, outcome = excluded.outcome,
		exit_code = excluded.exit_code, result = excluded.result, updated_at = excluded.updated_at
		WHERE batch_lines.outcome != 'ok' OR excluded.outcome = 'ok'`

// PutBatchLine records a line's outcome, replacing an earlier one, and
// returns once it is committed: the entry an act writes before it sends.
func (s *Store) PutBatchLine(ctx context.Context, command, profile, hash string, b BatchLine) error {
	return s.write(ctx, s.batchLineWrite(command, profile, hash, b))
}

// FinishBatchLine records a line's final outcome like PutBatchLine, but in
// write-behind mode without waiting for the commit: losing it in a crash
// only makes --resume send the line again, or resolve it by look-up.
func (s *Store) FinishBatchLine(ctx context.Context, command, profile, hash string, b BatchLine) error {
	return s.writeBehind(ctx, s.batchLineWrite(command, profile, hash, b))
}

func (s *Store) batchLineWrite(command, profile, hash string, b BatchLine) func(context.Context, *sql.Tx) error {
	at := s.now().UTC().Format(time.RFC3339Nano)
	if b.Sending {
		b.Result = ownStamp()
	}
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, s.stmts.batchLine).ExecContext(ctx,
			command, profile, hash, b.Line, b.Outcome, b.ExitCode, string(b.Result), at)
		return err
	}
}
