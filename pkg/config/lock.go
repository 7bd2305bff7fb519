package config

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockTimeout bounds the wait for another insure process writing the
// same config file (a write takes milliseconds; the lock is released
// when its holder exits, even by a crash).
const lockTimeout = 30 * time.Second

// LockPath is the lock file beside the file a write of path replaces:
// config.yaml.lock beside the link's target when path is a symbolic link,
// so a writer going through the link and one naming the target take the
// same lock (two lock files would let each overwrite the other's change).
func LockPath(path string) string { return resolveLink(path) + ".lock" }

// lockConfig takes the exclusive lock guarding path's read-modify-write
// and returns the function releasing it.
func lockConfig(path string) (func(), error) {
	lockPath := LockPath(path)
	if err := os.MkdirAll(filepath.Dir(lockPath), 0o700); err != nil {
		return nil, writeError(path, err)
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, writeError(path, fmt.Errorf("opening the lock file beside it: %w", err))
	}
	deadline := time.Now().Add(lockTimeout)
	wait := time.Millisecond
	for {
		locked, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", lockPath, err)
		}
		if locked {
			break
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another insure process has held %s for %s; try again, or remove the file if no insure is running", lockPath, lockTimeout)
		}
		time.Sleep(wait)
		wait = min(2*wait, 50*time.Millisecond)
	}
	return func() {
		_ = unlock(f)
		f.Close()
	}, nil
}
