package store

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/insurekit/insure/pkg/failure"
)

// SQLite's primary result codes that say something a person can act on
// (https://sqlite.org/rescode.html); the extended codes carry them in
// their low byte.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// explain turns an error of the store at path into a failure.Error (exit
// 1, a local I/O error) that says in words what is wrong with the file and
// what to do, instead of SQLite's own text ("database is locked (5)",
// "database or disk is full (13)", "disk I/O error (4874)"), which names
// neither the file nor a way on. Errors it does not recognise, and those
// already explained or cancelled, are returned as they are.
func explain(path string, err error) error {
	if err == nil {
		return nil
	}
	var fe *failure.Error
	if errors.As(err, &fe) {
		return err
	}
	var coded interface{ Code() int }
	code := -1
	if errors.As(err, &coded) {
		code = coded.Code() & 0xff
	}
	retry := "then run the same command again (a batch: with --resume, so the lines already done are not sent again)"
	var problem, hint string
	switch {
	case code == sqliteFull, errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		problem = "is full: no space left on its disk"
		hint = "free space on that disk, or set INSURE_STATE_DIR to a directory with room, " + retry
	case code == sqliteReadOnly, errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		problem = "cannot be written (a read-only disk, or a file or directory this user may not write)"
		hint = "make that directory writable, or set INSURE_STATE_DIR to a writable directory, " + retry
	case code == sqliteBusy, code == sqliteLocked:
		problem = fmt.Sprintf("was kept busy by another insure process for more than %s", busyTimeout)
		hint = "wait for the other insure commands of this user to finish (a `history prune` compacting a large journal can take a while), " + retry
	case code == sqliteCorrupt, code == sqliteNotADB:
		problem = "is damaged or is not insure's store (replaced by another file?)"
		hint = fmt.Sprintf("move it aside (mv %s %s.bad) and insure starts a new, empty one; the tokens, journal and --resume records in it are then no longer used", path, path)
	case code == sqliteIOErr, code == sqliteCantOpen:
		problem = "could not be read or written (a disk error; a full disk shows so too)"
		hint = "check the disk that holds it (df, dmesg), or set INSURE_STATE_DIR to another directory, " + retry
	default:
		return err
	}
	return &failure.Error{Kind: failure.Unexpected, Err: err, Hint: hint,
		Message: fmt.Sprintf("the local store %s %s", path, problem)}
}

// explain is explain for this store's file.
func (s *Store) explain(err error) error { return explain(s.Path, err) }
