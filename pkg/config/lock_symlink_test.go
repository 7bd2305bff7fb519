package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/builtin"
)

// A config.yaml linked into a dotfiles repository is written both through
// the link (the default path) and through the repository path (a script's
// INSURE_CONFIG): every profile added either way must be kept.
func TestWritersThroughALinkAndItsTargetKeepEachOthersProfiles(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "real.yaml")
	link := filepath.Join(dir, "alt", "config.yaml")
	for _, d := range []string{filepath.Dir(real), filepath.Dir(link)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(real, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		for _, p := range []struct{ path, prefix string }{{link, "lk"}, {real, "rl"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &Config{Path: p.path, Schema: builtin.Registry()}
				errs <- c.Update(func(c *Config) error {
					// Widen the read-modify-write window, as a slow disk would.
					time.Sleep(5 * time.Millisecond)
					if c.File.Profiles == nil {
						c.File.Profiles = map[string]map[string]Section{}
					}
					name := fmt.Sprintf("%s%d", p.prefix, i)
					c.File.Profiles[name] = map[string]Section{"paoding": {"username": name}}
					return nil
				})
			}()
		}
	}
	wg.Wait()
	close(errs)
	keptAll(t, errs, real, 2*n)
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if _, err := os.Stat(link + ".lock"); !os.IsNotExist(err) {
		t.Errorf("a second lock file beside the link: %v", err)
	}
}

// The same through separate processes, as two shells would do it.
func TestProcessesThroughALinkAndItsTargetKeepEachOthersProfiles(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "link", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../real.yaml", link); err != nil { // dangling until the first write
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		for _, p := range []struct{ path, prefix string }{{link, "lk"}, {real, "rl"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := helperCmd("update", p.path, fmt.Sprintf("%s%d", p.prefix, i)).CombinedOutput()
				if err != nil {
					err = fmt.Errorf("%v: %s", err, out)
				}
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	keptAll(t, errs, real, 2*n)
}

// keptAll fails on the first writer's error, or when the config at path
// does not hold all want profiles.
func keptAll(t *testing.T, errs <-chan error, path string, want int) {
	t.Helper()
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.File.Profiles) != want {
		t.Fatalf("%d of %d profiles kept: %v", len(c.File.Profiles), want, c.ProfileNames())
	}
}
