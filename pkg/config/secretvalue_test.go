package config

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

// A secret too short to be masked (the wire log ignores values under four
// characters, so "abc" was shown in clear), or with whitespace around it
// (masked with the spaces, echoed without them), is refused where it is
// configured, without repeating it. Four characters and more are taken: a
// partner's password is what the partner issued.
func TestShortOrPaddedSecretIsRefused(t *testing.T) {
	c := &Config{Schema: builtin.Registry()}
	for _, v := range []string{"a", "1", "abc", " padded-secret", "padded-secret\t"} {
		for _, k := range [][2]string{{"ebao", "secret-key"}, {"bihu", "secret-key"}, {"paoding", "password"}} {
			fe := c.CheckValue(k[0], k[1], v)
			if fe == nil {
				t.Errorf("%s.%s = %q accepted", k[0], k[1], v)
				continue
			}
			if strings.TrimSpace(v) != "" && strings.Contains(fe.String(), strings.TrimSpace(v)) && len(strings.TrimSpace(v)) > 1 {
				t.Errorf("%s.%s: the value is repeated: %v", k[0], k[1], fe)
			}
		}
	}
	for _, v := range []string{"sandbox-ebao-secret-7f3a9c", "p@ss w+rd&x=%2F\"<q>\\", "密码ｓｅｃｒｅｔ全角01", "1234", "pw12345", KeyringMarker} {
		if fe := c.CheckValue("ebao", "secret-key", v); fe != nil {
			t.Errorf("%q refused: %v", v, fe)
		}
	}
	// A private key is a path or PEM text: never sent, never masked, so
	// a short path is fine.
	if fe := c.CheckValue("sunshine", "private-key", "k.pem"); fe != nil {
		t.Errorf("short private-key path refused: %v", fe)
	}
	// Not a secret: no length rule.
	if fe := c.CheckValue("bihu", "agent-id", "1"); fe != nil {
		t.Errorf("agent-id refused: %v", fe)
	}
}

// The same rule holds for a secret from the environment: a command that
// reads it stops (exit 2) naming the variable's setting, not the value.
func TestShortSecretFromTheEnvironmentIsRefused(t *testing.T) {
	t.Setenv("INSURE_EBAO_SECRET_KEY", "abc")
	c := &Config{Schema: builtin.Registry()}
	p := c.EnvironmentProfile()
	var errs []failure.FieldError
	if v := p.Setting("ebao", "secret-key", true, &errs); v != "" || len(errs) != 1 || strings.Contains(errs[0].String(), "abc") {
		t.Fatalf("value %q, errors %v", v, errs)
	}
	t.Setenv("INSURE_EBAO_SECRET_KEY", "long-enough-secret")
	errs = nil
	if v := p.Setting("ebao", "secret-key", true, &errs); v != "long-enough-secret" || len(errs) != 0 {
		t.Fatalf("value %q, errors %v", v, errs)
	}
}
