package config

import (
	"os"
	"path/filepath"
	"runtime"
)

// xdgHome is the value of the XDG base directory variable name, when it
// is an absolute path. The XDG Base Directory specification says a relative
// one is invalid and must be ignored: honoured, it put the config and
// the state wherever the command happened to be run from.
func xdgHome(name string) string {
	if d := os.Getenv(name); filepath.IsAbs(d) {
		return d
	}
	return ""
}

// userConfigDir is os.UserConfigDir as if XDG_CONFIG_HOME were unset
// (xdgHome has dealt with it): ~/.config where the XDG layout applies,
// the OS's own folder elsewhere. os.UserConfigDir itself fails on a
// relative XDG_CONFIG_HOME instead of ignoring it.
func userConfigDir() (string, error) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		return os.UserConfigDir()
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, ".config"), nil
}
