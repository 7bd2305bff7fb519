// Package config reads and writes insure's profiles.
//
// Precedence, highest first, for every setting:
//
//	flag  >  INSURE_* environment  >  profile (file or OS keyring)  >  built-in default
//
// Provider settings have no flags (a secret in a flag would show in ps), so
// for them it is environment, then profile, then default. The file is
// written atomically with mode 0600; secrets may instead live in the OS
// keyring, the file then holding the marker "keyring:".
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// SandboxProfile is the built-in profile that needs no configuration.
const SandboxProfile = "sandbox"

// KeyringMarker in a secret field means "look it up in the OS keyring".
const KeyringMarker = "keyring:"

// File is config.yaml.
type File struct {
	CurrentProfile string                        `yaml:"current-profile,omitempty" mapstructure:"current-profile"`
	Profiles       map[string]map[string]Section `yaml:"profiles,omitempty" mapstructure:"profiles"`
}

// Section is one provider's settings in a profile, or the "defaults"
// section holding output/timeout defaults for the profile.
type Section map[string]string

// DefaultsSection holds per-profile defaults of global flags (output, timeout).
const DefaultsSection = "defaults"

// Config is the loaded file plus where it lives.
type Config struct {
	Path string
	File File
	// Schema is the provider registry: which sections and keys exist,
	// which are secrets, their defaults and the sandbox's credentials.
	Schema *registry.Registry
	// Warnings to show the user once (e.g. a file readable by others).
	Warnings []string
}

// DefaultPath is $INSURE_CONFIG, else $XDG_CONFIG_HOME/insure/config.yaml.
func DefaultPath() string {
	if p := os.Getenv("INSURE_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(ConfigDir(), "config.yaml")
}

// ConfigDir is $XDG_CONFIG_HOME/insure (or the OS's user config dir).
func ConfigDir() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "insure")
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "insure")
	}
	return ".insure"
}

// StateDir is $XDG_STATE_HOME/insure (~/.local/state/insure): the local
// store and the sandbox's state live there.
func StateDir() string {
	if d := os.Getenv("INSURE_STATE_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "insure")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "state", "insure")
	}
	return ".insure-state"
}

// Load reads the file at path against the providers' schema. A missing
// file is an empty config.
func Load(path string, schema *registry.Registry) (*Config, error) {
	c := &Config{Path: path, Schema: schema}
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s is readable by others (mode %04o); it may hold secrets: run chmod 600 %s", path, st.Mode().Perm(), path))
	}
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := v.Unmarshal(&c.File); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return c, nil
}

// Save writes the file atomically with mode 0600.
func (c *Config) Save() error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&c.File); err != nil {
		return err
	}
	return WriteFileAtomic(c.Path, buf.Bytes(), 0o600)
}

// WriteFileAtomic writes data to a temporary file beside path and renames
// it over path, so a reader never sees half a file and a crash never
// leaves one.
func WriteFileAtomic(path string, data []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
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

// ProfileNames lists the configured profiles plus the built-in sandbox.
func (c *Config) ProfileNames() []string {
	names := []string{SandboxProfile}
	for n := range c.File.Profiles {
		if n != SandboxProfile {
			names = append(names, n)
		}
	}
	sort.Strings(names[1:])
	return names
}

// EnvName is INSURE_<PROVIDER>_<FIELD> with dashes as underscores.
func EnvName(provider, key string) string { return registry.EnvName(provider, key) }

// ValidProfileName checks a name for a new profile.
func ValidProfileName(name string) error {
	if name == "" {
		return errors.New("a profile name is required")
	}
	if name == SandboxProfile {
		return errors.New(`"sandbox" is the built-in profile and cannot be redefined`)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("profile names use letters, digits, - and _ (got %q)", name)
		}
	}
	return nil
}
