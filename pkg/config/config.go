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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/insurekit/insure/pkg/failure"
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
	// structural holds, by profile, what could not be read from the file
	// (a section that is not a mapping, a list where a value belongs).
	structural map[string][]failure.FieldError
	// literals are the file's numeric values as written (see
	// literalScalars).
	literals map[string]string
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
	if d := xdgHome("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "insure")
	}
	if d, err := userConfigDir(); err == nil {
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
	if d := xdgHome("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "insure")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "state", "insure")
	}
	return ".insure-state"
}

// Load reads the file at path against the providers' schema. A missing
// file is an empty config.
//
// Profile names, provider names and keys are case-insensitive: viper
// lower-cases every key it reads, and Load lower-cases current-profile to
// match, so what is written as "Prod" is found as "prod".
//
// Load fails only when the file as a whole cannot be read (not YAML, not a
// mapping). A profile that is malformed or holds an unknown or invalid
// setting is recorded, not fatal: Profile refuses it when it is the one in
// use, and Problems lists it for `profile list` and `profile show`, so one
// broken profile does not stop commands on the others.
func Load(path string, schema *registry.Registry) (*Config, error) {
	c := &Config{Path: path, Schema: schema}
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("the config file %s is a directory", path),
			Hint: "--config and INSURE_CONFIG name the file itself, for example " + filepath.Join(path, "config.yaml")}
	}
	if exposed := ModeExposure(st.Mode()); exposed != "" {
		c.Warnings = append(c.Warnings, ModeWarning(path, exposed))
	}
	if w := ownerWarning(path, st); w != "" {
		c.Warnings = append(c.Warnings, w)
	}
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		var pe viper.ConfigParseError
		if errors.As(err, &pe) {
			// The parser quotes pieces of the file (an unknown anchor's
			// name, a value it could not decode): that may be a secret
			// ("password: *Xy9..." reads as an alias), so they are
			// masked and the cause is not kept.
			msg := redactYAMLError(err)
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s is not valid YAML: %s", path, msg),
				Hint: tabHint(path, msg) + "fix the file, or move it aside and run insure configure; quote a value that starts with * & ! % @ ` or holds \": \" or \" #\""}
		}
		if errors.Is(err, fs.ErrPermission) {
			// Still exit 1 (a local I/O error), but saying what to check.
			return nil, &failure.Error{Kind: failure.Unexpected, Message: fmt.Sprintf("reading %s: %v", path, err), Err: err,
				Hint: "check the file's owner and permissions (ls -l " + path + "; insure writes it 0600, owned by you), or point --config or INSURE_CONFIG at a readable file"}
		}
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	// The file as a YAML tree, parsed once for what viper's map loses:
	// names that differ only in case, and numbers as written.
	doc := yamlTree(path)
	if err := caseDuplicates(path, doc); err != nil {
		return nil, err
	}
	c.literals = literalScalars(doc)
	if err := c.decode(v.AllSettings()); err != nil {
		return nil, err
	}
	c.keepEmptyProfiles()
	return c, nil
}

// yamlQuoted is what a YAML parser error quotes from the file: `value`
// or 'anchor'.
var yamlQuoted = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("`[^`]*`|'[^']*'") })

// redactYAMLError is a parse error's message without the pieces of the
// file it quotes (and without viper's "While parsing config: ").
func redactYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "While parsing config: ")
	return yamlQuoted().ReplaceAllStringFunc(msg, func(q string) string { return q[:1] + "****" + q[len(q)-1:] })
}

// literalScalars reads the file's setting values as they are written,
// by lower-cased "profile.section.key". YAML reads a plain 1.0 as the
// number 1, 0102 as the octal 66 and 00123 as 83: viper hands over
// those numbers, and a setting (an agent id, a version, a secret key
// made of digits) would silently become another value, and be written
// back changed by the next save.
func literalScalars(doc *yaml.Node) map[string]string {
	if doc == nil {
		return nil
	}
	out := map[string]string{}
	pairs := func(n *yaml.Node, f func(k string, v *yaml.Node)) {
		if n == nil || n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			f(strings.ToLower(n.Content[i].Value), n.Content[i+1])
		}
	}
	pairs(doc, func(k string, v *yaml.Node) {
		if k != "profiles" {
			return
		}
		pairs(v, func(prof string, v *yaml.Node) {
			pairs(v, func(sec string, v *yaml.Node) {
				pairs(v, func(key string, v *yaml.Node) {
					if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
						out[NormalizeProfileName(prof)+"."+sec+"."+key] = v.Value
					}
				})
			})
		})
	})
	return out
}

// keepEmptyProfiles adds the profiles the file names with nothing in them
// ("envonly: {}", every setting from the environment or the keyring):
// viper's AllSettings lists only keys with values, so they were lost, and
// the next write dropped them from the file.
func (c *Config) keepEmptyProfiles() {
	b, err := os.ReadFile(c.Path)
	if err != nil {
		return
	}
	var top map[string]any
	if yaml.Unmarshal(b, &top) != nil {
		return
	}
	for k, val := range top {
		profs, ok := val.(map[string]any)
		if !ok || !strings.EqualFold(k, "profiles") {
			continue
		}
		for name, pv := range profs {
			name = NormalizeProfileName(name)
			if _, seen := c.File.Profiles[name]; seen {
				continue
			}
			if m, isMap := pv.(map[string]any); pv == nil || isMap && len(m) == 0 {
				if c.File.Profiles == nil {
					c.File.Profiles = map[string]map[string]Section{}
				}
				c.decodeProfile(name, nil)
			}
		}
	}
}

// decode fills c.File from viper's settings (keys already lower-case),
// recording each profile's structural problems instead of failing.
func (c *Config) decode(all map[string]any) error {
	for k, val := range all {
		switch k {
		case "current-profile":
			s, ok := scalar(val)
			if !ok {
				return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s: current-profile must be a profile name", c.Path)}
			}
			c.File.CurrentProfile = NormalizeProfileName(s)
		case "profiles":
			if val == nil {
				continue
			}
			profs, ok := val.(map[string]any)
			if !ok {
				return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s: profiles must be a mapping of profile names to settings", c.Path)}
			}
			c.File.Profiles = map[string]map[string]Section{}
			for name, pv := range profs {
				c.decodeProfile(NormalizeProfileName(name), pv)
			}
		default:
			w := fmt.Sprintf("%s: unknown top-level key %q is ignored", c.Path, k)
			if near := registry.Closest(k, []string{"current-profile", "profiles"}); near != "" {
				w += " (did you mean " + near + "?)"
			}
			c.Warnings = append(c.Warnings, w)
		}
	}
	return nil
}

func (c *Config) decodeProfile(name string, pv any) {
	prof := map[string]Section{}
	c.File.Profiles[name] = prof
	// The built-in sandbox may keep its own defaults (output, timeout)
	// in the file; Problems refuses anything else under it.
	if err := ValidProfileName(name); err != nil && name != SandboxProfile {
		c.addProblem(name, failure.FieldError{Field: "profiles." + name, Rule: err.Error(), Example: "prod-1"})
	}
	if pv == nil {
		return
	}
	secs, ok := pv.(map[string]any)
	if !ok {
		c.addProblem(name, failure.FieldError{Field: "profiles." + name, Rule: "must be a mapping of providers to settings", Example: "ebao: {endpoint: https://...}"})
		return
	}
	for secName, sv := range secs {
		sec := Section{}
		prof[secName] = sec
		if sv == nil {
			continue
		}
		kvs, ok := sv.(map[string]any)
		if !ok {
			c.addProblem(name, failure.FieldError{Field: secName, Rule: "must be a mapping of key: value", Example: secName + ": {key: value}"})
			continue
		}
		for key, kv := range kvs {
			s, ok := scalar(kv)
			if !ok {
				c.addProblem(name, failure.FieldError{Field: secName + "." + key, Rule: "must be a single value, not a list or a mapping"})
				continue
			}
			if lit, found := c.literals[name+"."+secName+"."+key]; found {
				switch kv.(type) {
				case int, int64, uint64, float64:
					s = lit // as written: 1.0, not 1
				}
			}
			sec[key] = s
		}
	}
}

func (c *Config) addProblem(profile string, fe failure.FieldError) {
	if c.structural == nil {
		c.structural = map[string][]failure.FieldError{}
	}
	c.structural[profile] = append(c.structural[profile], fe)
}

// scalar renders a YAML scalar as the string a setting holds.
func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int, int64, uint64, float64:
		return fmt.Sprint(x), true
	default:
		return "", false
	}
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

// NormalizeProfileName is how a profile name is stored and looked up:
// profile names are case-insensitive and kept lower-case.
func NormalizeProfileName(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}

// ValidProfileName checks a name for a new profile (in any case; it is
// stored lower-case).
func ValidProfileName(name string) error {
	if name == "" {
		return errors.New("a profile name is required")
	}
	if NormalizeProfileName(name) == SandboxProfile {
		return errors.New(`"sandbox" is the built-in profile and cannot be redefined`)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("profile names use letters, digits, - and _ (got %q)", name)
		}
	}
	return nil
}
