package add

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
)

type setting struct{ provider, key, value string }

// parseSetting reads one --set provider.key=value. Provider and key are
// matched without case and kept lower-case. An unknown one, a secret, or
// a value that breaks the field's rule is a FieldError; the value is never
// repeated in it when the key is a secret.
func parseSetting(cfg *config.Config, s string) (setting, *failure.FieldError) {
	kv, value, ok := strings.Cut(s, "=")
	if !ok {
		// What follows the key may be a value typed with another
		// separator (paoding.password:xyz): only the key is repeated.
		kv = keyPart(s)
	}
	prov, key, ok2 := strings.Cut(kv, ".")
	prov, key = strings.ToLower(strings.TrimSpace(prov)), strings.ToLower(strings.TrimSpace(key))
	if !ok2 || prov == "" || key == "" || !ok && !cfg.IsSecretKey(prov, key) {
		return setting{}, &failure.FieldError{Field: "--set " + kv, Rule: "want provider.key=value", Example: "--set paoding.username=acme"}
	}
	if fe := cfg.CheckKey(prov, key); fe != nil {
		fe.Field = "--set " + fe.Field
		if p, k, found := strings.Cut(fe.Example, "."); found && cfg.IsSecretKey(p, k) {
			// The key meant is a secret: --set would refuse it too.
			fe.Example = "--secret-stdin " + fe.Example
		} else if fe.Example != "" {
			fe.Example = "--set " + fe.Example + "=..."
		}
		return setting{}, fe
	}
	if cfg.IsSecretKey(prov, key) {
		return setting{}, &failure.FieldError{Field: "--set " + prov + "." + key,
			Rule:    "secrets are not taken from flags (they would show in ps and in shell history)",
			Example: "--secret-stdin " + prov + "." + key + ", or " + config.EnvName(prov, key)}
	}
	value = normalizeValue(cfg, prov, key, value)
	if fe := checkValue(cfg, prov, key, value); fe != nil {
		fe.Field = "--set " + fe.Field
		if fe.Example != "" && !strings.Contains(fe.Example, " ") {
			fe.Example = "--set " + prov + "." + key + "=" + fe.Example
		}
		return setting{}, fe
	}
	return setting{prov, key, value}, nil
}

// keyPart is the leading provider.key of s: letters, digits, ".", "-"
// and "_".
func keyPart(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_')
	}); i >= 0 {
		return s[:i]
	}
	return s
}

// checkValue is checkRule, and for a key setting that the value gives a
// key of its kind (config.CheckKeySource): --set and the wizard check a
// key so, --secret-stdin with config.CheckStdinKey, whose example is
// that way of giving one.
func checkValue(cfg *config.Config, provider, key, value string) *failure.FieldError {
	if fe := checkRule(cfg, provider, key, value); fe != nil {
		return fe
	}
	return config.CheckKeySource(provider, key, value)
}

// checkRule is the config's rule for provider.key and, for a value
// holding PEM text (a key
// pasted instead of its file's path), that the text reads as PEM: such a
// value was saved as it came and failed at every use.
func checkRule(cfg *config.Config, provider, key, value string) *failure.FieldError {
	if fe := checkHalfWidth(cfg, provider, key, value); fe != nil {
		return fe
	}
	if fe := cfg.CheckValue(provider, key, value); fe != nil {
		return fe
	}
	return config.CheckPEM(provider, key, value)
}

// normalizeValue is a setting's value as it is saved: NormalizeKeyValue,
// and a value that is not a secret without the white space around it. A
// URL pasted with a space or a line break before or after it passed the
// URL rule, which trims, and was saved as pasted: every request then
// failed to parse it, and insure doctor crashed on it. A secret keeps
// its spaces, for its own rule to refuse with a reason.
func normalizeValue(cfg *config.Config, provider, key, value string) string {
	value = config.NormalizeKeyValue(key, value)
	if cfg.IsSecretKey(provider, key) || strings.Contains(value, "-----BEGIN") {
		return value
	}
	return strings.TrimSpace(value)
}

// checkHalfWidth refuses the full-width forms of ASCII (ａｃｍｅ, １２３, the
// ideographic space) that a Chinese input method types: no partner issues
// an account name, key or code in them, and saved as typed they failed
// only at the provider, as a refused login or signature. The refusal gives
// the half-width form as the example, except for a secret, whose
// characters are never repeated. A key setting may be a file's path,
// which can hold any character, so it is not checked.
func checkHalfWidth(cfg *config.Config, provider, key, value string) *failure.FieldError {
	if config.IsKeySetting(key) {
		return nil
	}
	for i, r := range []rune(value) {
		if !validate.IsFullWidth(r) {
			continue
		}
		fe := &failure.FieldError{Field: strings.ToLower(provider + "." + key)}
		if cfg.IsSecretKey(provider, key) {
			fe.Rule = fmt.Sprintf("character %d is a full-width form (a Chinese input method in full-width mode typed it); type the secret again in half-width or English mode", i+1)
			fe.Example = config.SecretForm
			return fe
		}
		fe.Rule = fmt.Sprintf("character %d is the full-width %q (a Chinese input method in full-width mode typed it); settings are written in half-width letters, digits and signs", i+1, r)
		fe.Example = strings.TrimSpace(validate.Narrow(value))
		return fe
	}
	return nil
}

// invalidNothingWritten is a usage error of profile add or configure,
// which write a file and send nothing: it says what did not happen.
func invalidNothingWritten(e *failure.Error) *failure.Error {
	e.Message = strings.Replace(e.Message, "nothing was sent", "nothing was written", 1)
	return e
}
