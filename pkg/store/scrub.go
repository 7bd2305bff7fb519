package store

import "context"

// secureDeletePragma makes SQLite overwrite deleted content with zeros, so
// a cleared token or a pruned journal row is not left readable in freed
// pages of the file (it is part of the connection's DSN).
const secureDeletePragma = "&_pragma=secure_delete(ON)"

// scrub moves every committed page from the WAL into the database and
// truncates the WAL, so the frames that still held deleted secrets (the
// write-ahead log keeps old page images until a checkpoint) are gone from
// the disk too. It is best effort: a reader in another process may hold
// the WAL open, and the next checkpoint finishes the job.
func (s *Store) scrub(ctx context.Context) {
	_, _ = s.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA wal_checkpoint(TRUNCATE)`)
}
