package config

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/viper"
)

// Keyring is the OS keyring, behind an interface so tests use a map.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// KeyringService is the service name insure's secrets are stored under.
const KeyringService = "insure"

// KeyringUser names one secret in the keyring (all lower-case, like the
// names in the file).
func KeyringUser(profile, provider, key string) string {
	return strings.ToLower(NormalizeProfileName(profile) + "." + provider + "." + key)
}

// newEnv is the viper instance the INSURE_<PROVIDER>_<FIELD> overrides are
// read through: provider.key is looked up as INSURE_PROVIDER_KEY, dots and
// dashes becoming underscores (registry.EnvName spells the same names for
// messages). It reads the environment on every Get, and only the
// environment: file values are kept apart so Get can say where a value
// came from. An empty variable counts as unset. Made on first use: a
// viper instance is twenty allocations at every start, and commands such
// as version and sign never read a profile.
var env = sync.OnceValue(newEnv)

func newEnv() *viper.Viper {
	v := viper.New()
	v.SetEnvPrefix("INSURE")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	return v
}

// Profile is one resolved profile: file values with environment overrides
// applied and keyring markers left for Get to resolve.
type Profile struct {
	Name    string
	Sandbox bool
	// Sections hold the values as configured, before env overrides.
	Sections map[string]Section
	schema   *registry.Registry
	keyring  Keyring
	// EnvironmentOnly marks EnvironmentProfile: no profile is selected,
	// and messages name variables, not a profile to configure.
	EnvironmentOnly bool
}

// ErrUnknownProfile names a profile that is not configured.
type ErrUnknownProfile struct {
	Name  string
	Known []string
}

func (e *ErrUnknownProfile) Error() string {
	s := fmt.Sprintf("no profile named %q (known: %s)", e.Name, strings.Join(e.Known, ", "))
	if near := registry.Closest(e.Name, e.Known); near != "" {
		s += "; did you mean " + near + "?"
	}
	return s + fmt.Sprintf("; create it with `insure profile add %s` or `insure configure`", e.Name)
}

// Profile resolves the named profile, whatever the case of name (profile
// names are stored lower-case). The sandbox profile always exists,
// holding the sandboxes' test credentials from the schema; its endpoints
// are filled by whoever starts the sandbox. A configured profile with
// problems in the file (an unknown or invalid setting, see Problems) is a
// usage error naming the file, the profile and every bad key; other
// profiles' problems do not matter.
func (c *Config) Profile(name string, kr Keyring) (*Profile, error) {
	p, problems, err := c.Inspect(name, kr)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, c.ProblemsError(p.Name, problems)
	}
	return p, nil
}

// Inspect resolves the named profile like Profile but returns its
// problems instead of failing on them, for `profile show` and `profile
// list`.
func (c *Config) Inspect(name string, kr Keyring) (*Profile, []failure.FieldError, error) {
	name = NormalizeProfileName(name)
	p := &Profile{Name: name, keyring: kr, schema: c.Schema, Sections: map[string]Section{}}
	problems := c.Problems(name)
	if name == SandboxProfile {
		p.Sandbox = true
		var creds map[string]map[string]string
		if c.Schema != nil {
			creds = c.Schema.SandboxCredentials()
		}
		for prov, sec := range creds {
			p.Sections[prov] = copySection(sec)
		}
		// A user may still keep defaults (output, timeout) for the sandbox.
		if sec, ok := c.File.Profiles[SandboxProfile][DefaultsSection]; ok {
			p.Sections[DefaultsSection] = copySection(sec)
		}
		return p, problems, nil
	}
	secs, ok := c.File.Profiles[name]
	if !ok {
		return nil, nil, &ErrUnknownProfile{Name: name, Known: c.ProfileNames()}
	}
	for prov, sec := range secs {
		p.Sections[prov] = copySection(sec)
	}
	return p, problems, nil
}

// EnvironmentProfile is a profile with nothing configured: its settings
// come from INSURE_<PROVIDER>_<FIELD> and the schema's defaults alone, for
// offline commands (sign) on a machine with no profile selected.
func (c *Config) EnvironmentProfile() *Profile {
	return &Profile{Name: "(environment)", schema: c.Schema, Sections: map[string]Section{}, EnvironmentOnly: true}
}

func copySection(s Section) Section {
	out := Section{}
	for k, v := range s {
		out[k] = v
	}
	return out
}

// Env returns provider.key's INSURE_<PROVIDER>_<FIELD> override, if set
// and not empty.
func (p *Profile) Env(provider, key string) (string, bool) {
	v := env().GetString(strings.ToLower(provider + "." + key))
	return v, v != ""
}

// Get returns provider.key (in any case) and where it came from. The
// environment wins; a keyring marker is resolved; a schema default fills
// the gap. A value from the file or the environment is given as commands
// use it (usedValue: without the white space around it that cannot be
// meant); one of white space only counts as unset.
func (p *Profile) Get(provider, key string) (value, source string, err error) {
	provider, key = strings.ToLower(strings.TrimSpace(provider)), strings.ToLower(strings.TrimSpace(key))
	f, known := fieldOf(p.schema, provider, key)
	if v, ok := p.Env(provider, key); ok {
		if v = usedValue(f, known, v); v != "" {
			if err := checkSecretValue(f, v); known && err != nil {
				return "", "env", fmt.Errorf("%s %s", EnvName(provider, key), err)
			}
			return v, "env", nil
		}
	}
	if v := usedValue(f, known, p.Sections[provider][key]); v != "" {
		if v == KeyringMarker {
			if p.keyring == nil {
				return "", "keyring", fmt.Errorf("%s.%s is kept in the OS keyring, which is not available", provider, key)
			}
			s, err := p.keyring.Get(KeyringService, KeyringUser(p.Name, provider, key))
			if err != nil {
				return "", "keyring", fmt.Errorf("%s.%s is kept in the OS keyring but could not be read: %v (set %s instead)", provider, key, err, EnvName(provider, key))
			}
			return s, "keyring", nil
		}
		if p.Sandbox && provider != DefaultsSection {
			// The sandbox's defaults are the one section read from
			// the file.
			return v, "sandbox", nil
		}
		return v, "file", nil
	}
	if provider != DefaultsSection && known && f.Default != "" {
		return f.Default, "default", nil
	}
	return "", "", nil
}

// Value is Get without the source, for callers that have checked errors
// elsewhere.
func (p *Profile) Value(provider, key string) string {
	v, _, _ := p.Get(provider, key)
	return v
}

// Set changes a value in the resolved profile (the sandbox uses it to fill
// in its endpoints).
func (p *Profile) Set(provider, key, value string) {
	provider, key = strings.ToLower(provider), strings.ToLower(key)
	if p.Sections[provider] == nil {
		p.Sections[provider] = Section{}
	}
	p.Sections[provider][key] = value
}

// Keys lists the keys of one provider known from the schema and the file.
func (p *Profile) Keys(provider string) []string {
	seen := map[string]bool{}
	var keys []string
	if d, ok := p.schemaProvider(provider); ok {
		for _, k := range d.Keys() {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	var extra []string
	for k := range p.Sections[provider] {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return append(keys, extra...)
}

// Mask hides a secret for display, keeping only its length class.
func Mask(v string) string {
	if v == "" {
		return ""
	}
	return "********"
}

// MaskKeep hides all of s but its first and last n characters, for values
// a user needs to compare by eye (an md5 of a password).
func MaskKeep(s string, n int) string {
	if len(s) <= 2*n {
		return strings.Repeat("*", len(s))
	}
	return s[:n] + strings.Repeat("*", len(s)-2*n) + s[len(s)-n:]
}

// Setting reads provider.key for a command about to send. A value that
// cannot be read (a keyring failure), or a required one that is unset, is
// added to errs naming the field and where to set it, so a command reports
// every missing setting at once and sends nothing.
func (p *Profile) Setting(provider, key string, required bool, errs *[]failure.FieldError) string {
	v, _, err := p.Get(provider, key)
	if err != nil {
		*errs = append(*errs, failure.FieldError{Field: provider + "." + key, Rule: err.Error()})
		return ""
	}
	if v == "" && required {
		var f registry.Field
		if p.schema != nil {
			f, _ = p.schema.Field(provider, key)
		}
		if f.Key == "" {
			f.Key = strings.ToLower(key)
		}
		*errs = append(*errs, registry.NotSet(strings.ToLower(provider), f, p.Name, p.EnvironmentOnly))
	}
	return v
}

func (p *Profile) schemaProvider(provider string) (*registry.Provider, bool) {
	if p.schema == nil {
		return nil, false
	}
	return p.schema.Lookup(provider)
}

// For is the profile's view of one provider's settings, as a client
// constructor reads them.
func (p *Profile) For(provider string) registry.Settings {
	return providerSettings{p: p, provider: provider}
}

type providerSettings struct {
	p        *Profile
	provider string
}

func (s providerSettings) Get(key string) (string, string, error) { return s.p.Get(s.provider, key) }
func (s providerSettings) ProfileName() string                    { return s.p.Name }
func (s providerSettings) IsSandbox() bool                        { return s.p.Sandbox }
func (s providerSettings) EnvironmentOnly() bool                  { return s.p.EnvironmentOnly }
