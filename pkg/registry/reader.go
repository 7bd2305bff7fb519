package registry

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/insurekit/insure/pkg/failure"
)

// SettingsReader reads a provider's settings for a client constructor and
// collects every missing or malformed one, so a half-configured profile is
// reported in one message and nothing is sent.
type SettingsReader struct {
	provider *Provider
	settings Settings
	bad      []failure.FieldError
	// fromEnv records the settings read from INSURE_<PROVIDER>_<FIELD>, so
	// a problem Add reports later names the variable, not a profile.
	fromEnv map[string]bool
}

// environmentOnly is implemented by Settings that belong to no profile:
// with none selected, an offline command (sign) reads the environment
// alone, and its messages must not send the user to a profile that does
// not exist.
type environmentOnly interface{ EnvironmentOnly() bool }

// EnvironmentOnly says s belongs to no profile (see environmentOnly).
func EnvironmentOnly(s Settings) bool {
	e, ok := s.(environmentOnly)
	return ok && e.EnvironmentOnly()
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
	if r.fromEnv[key] {
		rule += " (from " + EnvName(r.provider.Name, key) + ")"
	}
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
	if EnvironmentOnly(r.settings) {
		e.Message = "no profile is selected and the environment lacks usable " + r.provider.Title() + " settings; nothing was sent"
		e.Hint = "set (or correct) the INSURE_" + strings.ToUpper(r.provider.Name) + "_* variables named above, or keep the settings in a profile " +
			"(insure profile add NAME, or insure configure NAME) and select it with -p NAME"
	}
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
			f, _ := r.provider.Field(key)
			if f.Key == "" {
				f.Key = key
			}
			r.bad = append(r.bad, NotSet(r.provider.Name, f, r.settings.ProfileName(), EnvironmentOnly(r.settings)))
		}
		return ""
	}
	if source == "env" {
		if r.fromEnv == nil {
			r.fromEnv = map[string]bool{}
		}
		r.fromEnv[key] = true
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

// NotSet is the problem of a required setting with no value: where to set
// it. In a profile, that is the profile (insure configure) or the
// setting's variable. With no profile selected (environmentOnly), it is
// the variable, with the form of its value, or a profile to hold it and
// -p to select it: "insure configure (environment)" named no real profile.
func NotSet(provider string, f Field, profile string, environmentOnly bool) failure.FieldError {
	name, env := provider+"."+f.Key, EnvName(provider, f.Key)
	if !environmentOnly {
		return failure.FieldError{Field: name, Rule: "is not set in profile " + profile,
			Example: "insure configure " + profile + " --provider " + provider + ", or " + env}
	}
	value := f.Example
	if value == "" || f.Secret {
		value = "<" + describe(f) + ">"
	}
	keep := "--set " + name + "=" + value
	if f.Secret {
		keep = "--secret-stdin " + name + " (the value on stdin)"
	}
	return failure.FieldError{Field: name, Rule: "is not set: no profile is selected, so it can come only from " + env,
		Example: env + "=" + value + ", or keep it in a profile: insure profile add NAME " + keep + ", then -p NAME"}
}

// describe is what a setting's value is, from its label ("eBao secret
// key", "path to the partner private key (PEM)"), for a placeholder that
// shows the form of a value without looking like one.
func describe(f Field) string {
	l := f.Label
	if l == "" {
		return "value of " + f.Key
	}
	r := []rune(l)
	if len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLower(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
