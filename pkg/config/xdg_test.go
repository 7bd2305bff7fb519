package config

import (
	"path/filepath"
	"runtime"
	"testing"
)

// A relative XDG_CONFIG_HOME or XDG_STATE_HOME put the config and the
// state under whatever folder insure was run from. The XDG Base Directory
// specification says to ignore such a value: insure falls back as if the
// variable were unset, and still honours an absolute one.
func TestRelativeXDGDirectoriesAreIgnored(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the fallback is the OS's own folder there")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("INSURE_CONFIG", "")
	t.Setenv("INSURE_STATE_DIR", "")
	t.Setenv("XDG_CONFIG_HOME", "relxdg")
	t.Setenv("XDG_STATE_HOME", "./relstate")
	if got, want := DefaultPath(), filepath.Join(home, ".config", "insure", "config.yaml"); got != want {
		t.Errorf("config file %s, want %s", got, want)
	}
	if got, want := StateDir(), filepath.Join(home, ".local", "state", "insure"); got != want {
		t.Errorf("state dir %s, want %s", got, want)
	}
	abs := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", abs)
	t.Setenv("XDG_STATE_HOME", abs)
	if got := ConfigDir(); got != filepath.Join(abs, "insure") {
		t.Errorf("absolute XDG_CONFIG_HOME not honoured: %s", got)
	}
	if got := StateDir(); got != filepath.Join(abs, "insure") {
		t.Errorf("absolute XDG_STATE_HOME not honoured: %s", got)
	}
}
