package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"go.yaml.in/yaml/v3"
)

// Save writes the file atomically with mode 0600, holding the file lock.
// To change one thing in a file other processes may be changing too, use
// Update, which re-reads the file under the lock first.
func (c *Config) Save() error {
	unlock, err := lockConfig(c.Path)
	if err != nil {
		return err
	}
	defer unlock()
	return c.save()
}

// Update is the read-modify-write of config.yaml: under an exclusive lock
// on config.yaml.lock it re-reads the file, applies change to what it
// read, and writes the result atomically. Concurrent updates from several
// processes are therefore all kept. On success c holds the file as
// written.
func (c *Config) Update(change func(*Config) error) error {
	unlock, err := lockConfig(c.Path)
	if err != nil {
		return err
	}
	defer unlock()
	fresh, err := Load(c.Path, c.Schema)
	if err != nil {
		return err
	}
	if err := change(fresh); err != nil {
		return err
	}
	if err := fresh.save(); err != nil {
		return err
	}
	c.File, c.structural = fresh.File, fresh.structural
	return nil
}

// save writes the file; the caller holds the lock, so any temporary file
// of ours beside it is a leftover from a crash and is removed.
func (c *Config) save() error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&c.File); err != nil {
		return err
	}
	if err := writeFileAtomic(resolveLink(c.Path), buf.Bytes(), 0o600, 0); err != nil {
		return writeError(c.Path, err)
	}
	return nil
}

// writeError says that path could not be written, and, when the folder
// refuses it, that insure needs to create files beside it: the raw error
// names only a temporary file.
func writeError(path string, err error) error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return err
	}
	e := &failure.Error{Kind: failure.Unexpected, Message: fmt.Sprintf("cannot write %s: %v; the file was not changed", path, err), Err: err}
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		e.Hint = fmt.Sprintf("the folder %s must be writable by you (%s is replaced through a temporary file and a lock file beside it), or point --config or INSURE_CONFIG at a file in a writable folder",
			filepath.Dir(path), filepath.Base(path))
	}
	return e
}

// resolveLink follows path while it is a symbolic link (a config.yaml
// kept in a dotfiles repository and linked into place), so the rename of
// an atomic write replaces the file the link points at, not the link.
// The target need not exist yet.
func resolveLink(path string) string {
	for range 40 {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			return path
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return path
}

// staleTempAge is how old a temporary file of WriteFileAtomic must be
// before a later write of the same file removes it as a crash's leftover.
const staleTempAge = time.Minute

// WriteFileAtomic writes data to a temporary file beside path and renames
// it over path, so a reader never sees half a file. The temporary file is
// created with mode 0600 before any byte is written (and given mode just
// before the rename); temporary files an earlier, crashed write left
// behind for the same path are removed once they are a minute old.
func WriteFileAtomic(path string, data []byte, mode os.FileMode) error {
	return writeFileAtomic(path, data, mode, staleTempAge)
}

// afterTempCreate is a test hook: it runs once the temporary file exists
// and before anything is written to it.
var afterTempCreate func(name string)

func writeFileAtomic(path string, data []byte, mode os.FileMode, staleAfter time.Duration) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	removeStaleTemps(path, staleAfter)
	// CreateTemp opens with O_EXCL and mode 0600.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if afterTempCreate != nil {
		afterTempCreate(tmp.Name())
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// removeStaleTemps deletes temporary files WriteFileAtomic made for path
// (".config.yaml.123.tmp", and ".config.yaml.123" from older versions)
// that are at least olderThan old.
func removeStaleTemps(path string, olderThan time.Duration) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasPrefix(n, prefix) {
			continue
		}
		rest := strings.TrimSuffix(strings.TrimPrefix(n, prefix), ".tmp")
		if rest == "" || strings.Trim(rest, "0123456789") != "" {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < olderThan {
			continue
		}
		_ = os.Remove(filepath.Join(dir, n))
	}
}
