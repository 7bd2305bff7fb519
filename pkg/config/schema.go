package config

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// The provider settings' schema lives in the provider registry (each
// provider's descriptor); Config.Schema points at it. The defaults
// section's schema is here: it holds a profile's own defaults of global
// flags.
var defaultsFields = []registry.Field{
	{Key: "output", Label: "Default output format", Example: "json", Choices: []string{"table", "json", "yaml", "xml", "raw"}},
	{Key: "timeout", Label: "Default time limit for each request", Example: "60s", Check: checkTimeout},
	{Key: "cacert", Label: "PEM file of CA certificates to trust besides the system roots (--cacert)", Example: "/etc/insure/partner-test-ca.pem"},
	{Key: "history-max-age", Label: "Journal entries older than this go at `insure history prune`", Example: "90d", Check: checkAge},
	{Key: "rate", Label: "Most requests sent by a --batch run: N/s, N/m or N/h", Example: "20/s", Check: checkRate},
	{Key: "history-max-size", Label: "The journal is cut to this size at `insure history prune`", Example: "100MB", Check: checkSize},
}

// DefaultsFields are the defaults section's settings, in schema order
// (a copy): what `--set defaults.KEY=` completes.
func DefaultsFields() []registry.Field {
	return append([]registry.Field(nil), defaultsFields...)
}

func checkAge(v string) error {
	_, err := store.ParseRetentionAge(v)
	return err
}

func checkSize(v string) error {
	_, err := store.ParseSize(v)
	return err
}

func checkRate(v string) error {
	_, _, err := batch.ParseRate(v)
	return err
}

func checkTimeout(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 {
		return fmt.Errorf("must be a positive duration like 30s or 2m (got %q)", v)
	}
	return nil
}

// Providers lists the providers the schema knows, in the wizard's order.
func (c *Config) Providers() []string {
	if c.Schema == nil {
		return nil
	}
	return c.Schema.Names()
}

// Sections lists every section a profile may hold: defaults, then the
// providers.
func (c *Config) Sections() []string {
	return append([]string{DefaultsSection}, c.Providers()...)
}

// Field finds one setting in the schema, ignoring case: a provider's, or
// one of the defaults section's (output, timeout).
func (c *Config) Field(provider, key string) (registry.Field, bool) {
	return fieldOf(c.Schema, strings.ToLower(strings.TrimSpace(provider)), strings.ToLower(strings.TrimSpace(key)))
}

// Keys lists the keys of a section in schema order.
func (c *Config) Keys(section string) []string {
	if strings.EqualFold(section, DefaultsSection) {
		out := make([]string, len(defaultsFields))
		for i, f := range defaultsFields {
			out[i] = f.Key
		}
		return out
	}
	if c.Schema == nil {
		return nil
	}
	if p, ok := c.Schema.Lookup(section); ok {
		return p.Keys()
	}
	return nil
}

// IsSecretKey reports whether provider.key holds a secret: by the schema,
// or, for a key the schema does not know, by the one list of secret names
// the wire log masks. Case does not matter.
func (c *Config) IsSecretKey(provider, key string) bool {
	if f, ok := c.Field(provider, key); ok {
		return f.Secret
	}
	return httpx.IsSecretName(key)
}

// CheckKey reports an unknown section or key (compared without case) as a
// FieldError naming section.key and the closest known name; nil when the
// schema knows it. Without a schema every key is accepted.
func (c *Config) CheckKey(section, key string) *failure.FieldError {
	if c.Schema == nil {
		return nil
	}
	section, key = strings.ToLower(strings.TrimSpace(section)), strings.ToLower(strings.TrimSpace(key))
	name := section + "." + key
	known := false
	for _, s := range c.Sections() {
		if s == section {
			known = true
		}
	}
	if !known {
		rule := fmt.Sprintf("%q is unknown: no provider or section %q", name, section)
		example := ""
		if near := registry.Closest(section, c.Sections()); near != "" {
			rule += "; did you mean " + near + "?"
			if _, ok := c.Field(near, key); ok {
				example = near + "." + key
			}
		} else {
			rule += " (known: " + strings.Join(c.Sections(), ", ") + ")"
		}
		return &failure.FieldError{Field: name, Rule: rule, Example: example}
	}
	if _, ok := c.Field(section, key); ok {
		return nil
	}
	keys := c.Keys(section)
	rule := fmt.Sprintf("%q is unknown", name)
	example := ""
	if near := registry.Closest(key, keys); near != "" {
		rule += "; did you mean " + near + "?"
		example = section + "." + near
	} else {
		rule += fmt.Sprintf(" (%s settings: %s)", section, strings.Join(keys, ", "))
	}
	return &failure.FieldError{Field: name, Rule: rule, Example: example}
}

// CheckValue validates value against section.key's rules (URLs need a
// scheme and host, booleans are booleans, enums are listed). The
// FieldError names the field, the rule and an example; a secret's value
// is never repeated in it.
func (c *Config) CheckValue(section, key, value string) *failure.FieldError {
	f, ok := c.Field(section, key)
	if !ok || value == KeyringMarker && f.Secret {
		return nil
	}
	if err := checkSecretValue(f, value); err != nil {
		// No secret can serve as an example: the form of one does.
		return &failure.FieldError{Field: strings.ToLower(section) + "." + f.Key, Rule: err.Error(), Example: SecretForm}
	}
	err := f.Validate(value)
	if err == nil {
		return nil
	}
	rule := err.Error()
	if f.Secret {
		rule = strings.ReplaceAll(rule, fmt.Sprintf("%q", value), `"****"`)
		if len(value) >= 4 {
			rule = strings.ReplaceAll(rule, value, "****")
		}
	}
	return &failure.FieldError{Field: strings.ToLower(section) + "." + f.Key, Rule: rule, Example: exampleOf(f)}
}

func exampleOf(f registry.Field) string {
	switch {
	case f.Secret:
		return ""
	case f.Example != "":
		return f.Example
	case len(f.Choices) > 0:
		return f.Choices[0]
	default:
		return f.Default
	}
}

// Problems lists what is wrong with a configured profile as read from the
// file: sections or values that could not be read, unknown sections or
// keys (with the closest known one), and values that break the schema's
// rules. It is empty for a sound profile and for one that is not
// configured.
func (c *Config) Problems(name string) []failure.FieldError {
	name = NormalizeProfileName(name)
	out := append([]failure.FieldError(nil), c.structural[name]...)
	secs := c.File.Profiles[name]
	for _, sec := range sortedKeys(secs) {
		if name == SandboxProfile && sec != DefaultsSection {
			// The sandbox's provider settings are built in: what the
			// file says would be silently ignored.
			out = append(out, failure.FieldError{Field: "profiles.sandbox." + sec,
				Rule:    `"sandbox" is the built-in profile: its provider settings cannot be changed, only its defaults`,
				Example: "sandbox: {defaults: {output: json}}"})
			continue
		}
		for _, key := range sortedKeys(secs[sec]) {
			if c.spellsASecret(secs, key) {
				// A secret pasted on a line of its own reads as a key: the
				// unknown key's report would print it.
				out = append(out, failure.FieldError{Field: strings.ToLower(sec) + ".****",
					Rule:    "a key spelled as one of the profile's secret values (a secret pasted on a line of its own?); it is not shown",
					Example: strings.ToLower(sec) + ".secret-key: VALUE, on one line"})
			} else if fe := c.CheckKey(sec, key); fe != nil {
				out = append(out, *fe)
			} else if fe := c.CheckValue(sec, key, c.UsedValue(sec, key, secs[sec][key])); fe != nil {
				out = append(out, *fe)
			}
		}
	}
	return out
}

// spellsASecret says whether key is, in any case, the value of one of the
// profile's secret settings.
func (c *Config) spellsASecret(secs map[string]Section, key string) bool {
	for sec, kv := range secs {
		for k, v := range kv {
			if c.IsSecretKey(sec, k) && len(v) >= 4 && strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(key)) {
				return true
			}
		}
	}
	return false
}

// ProblemsError is the usage error (exit 2) for a profile with problems,
// naming the file, the profile and every bad key.
func (c *Config) ProblemsError(name string, problems []failure.FieldError) *failure.Error {
	hint := fmt.Sprintf("fix the file, or set the value with insure profile add %s --set provider.key=value; insure profile show %s lists the problems", name, name)
	if name == SandboxProfile {
		// profile add refuses the built-in profile's name, so the
		// usual hint named a command that always fails.
		hint = fmt.Sprintf("in %s, keep only the sandbox's defaults section (sandbox: {defaults: {output: json}}); "+
			"for other endpoints or credentials make a profile of your own: insure profile add NAME --set provider.key=value", c.Path)
	}
	return &failure.Error{
		Kind:    failure.Usage,
		Message: fmt.Sprintf("profile %q in %s has %d bad setting(s)", name, c.Path, len(problems)),
		Fields:  problems,
		Hint:    hint,
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
