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

// LockPath is the lock file beside the config file: config.yaml.lock.
func LockPath(path string) string { return path + ".lock" }

// lockConfig takes the exclusive lock guarding path's read-modify-write
// and returns the function releasing it.
func lockConfig(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, writeError(path, err)
	}
	f, err := os.OpenFile(LockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, writeError(path, fmt.Errorf("opening the lock file beside it: %w", err))
	}
	deadline := time.Now().Add(lockTimeout)
	wait := time.Millisecond
	for {
		locked, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", LockPath(path), err)
		}
		if locked {
			break
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another insure process has held %s for %s; try again, or remove the file if no insure is running", LockPath(path), lockTimeout)
		}
		time.Sleep(wait)
		wait = min(2*wait, 50*time.Millisecond)
	}
	return func() {
		_ = unlock(f)
		f.Close()
	}, nil
}
