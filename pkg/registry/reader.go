package registry

import (
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// SettingsReader reads a provider's settings for a client constructor and
// collects every missing or malformed one, so a half-configured profile is
// reported in one message and nothing is sent.
type SettingsReader struct {
	provider *Provider
	settings Settings
	bad      []failure.FieldError
}

// ReadSettings starts reading p's settings from s.
func ReadSettings(p *Provider, s Settings) *SettingsReader {
	return &SettingsReader{provider: p, settings: s}
}

// Required reads a setting that must be set.
func (r *SettingsReader) Required(key string) string { return r.read(key, true) }

// Optional reads a setting that may be empty (its default applies).
func (r *SettingsReader) Optional(key string) string { return r.read(key, false) }

// Bool reads a true/false setting; empty is false.
func (r *SettingsReader) Bool(key string) bool {
	v := r.read(key, false)
	b, _ := strconv.ParseBool(strings.TrimSpace(v)) // checked by read
	return b
}

// Add records a problem the constructor found itself (a key file that
// does not parse).
func (r *SettingsReader) Add(key, rule, example string) {
	r.bad = append(r.bad, failure.FieldError{Field: r.provider.Name + "." + key, Rule: rule, Example: example})
}

// Err is nil when every setting read was usable, else one usage error
// listing them all.
func (r *SettingsReader) Err() error {
	if len(r.bad) == 0 {
		return nil
	}
	e := failure.Invalid(r.provider.Name, "", r.bad...)
	e.Message = "the profile lacks usable " + r.provider.Title() + " settings; nothing was sent"
	return e
}

func (r *SettingsReader) read(key string, required bool) string {
	v, source, err := r.settings.Get(key)
	name := r.provider.Name + "." + key
	if err != nil {
		r.bad = append(r.bad, failure.FieldError{Field: name, Rule: err.Error()})
		return ""
	}
	if v == "" {
		if required {
			profile := r.settings.ProfileName()
			r.bad = append(r.bad, failure.FieldError{Field: name, Rule: "is not set in profile " + profile,
				Example: "insure configure " + profile + " --provider " + r.provider.Name + ", or " + EnvName(r.provider.Name, key)})
		}
		return ""
	}
	if f, ok := r.provider.Field(key); ok {
		if err := f.Validate(v); err != nil {
			rule := err.Error()
			if source == "env" {
				rule += " (from " + EnvName(r.provider.Name, key) + ")"
			}
			ex := f.Example
			if ex == "" {
				ex = f.Default
			}
			r.bad = append(r.bad, failure.FieldError{Field: name, Rule: rule, Example: ex})
			return ""
		}
	}
	return v
}
