package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

// loadFile loads a hand-written config.yaml.
func loadFile(t *testing.T, text string) *Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A hand-edited value with white space around it (a space inside the
// quotes, a block scalar's line break) passed the URL rule, which trims,
// and then failed at use with the HTTP client's parse error, or was sent
// as an agent id " 102" and signed so. Settings where such white space
// cannot be meant are given to commands trimmed, from the file and from
// the environment; one of white space only counts as unset.
func TestHandEditedSettingsAreUsedTrimmed(t *testing.T) {
	c := loadFile(t, `current-profile: t
profiles:
  t:
    ebao: {endpoint: " https://x.example/ ", access-key: "AK\t", channel-code: " AXA_TP", response-signature-header: "   "}
    bihu:
      endpoint: |
        http://bihu.example/
      agent-id: " 102"
      city-code: "1 "
      hex-case: " lower"
    sunshine: {platform-public-key: " /etc/insure/platform.pem "}
    defaults: {output: "json ", timeout: " 30s"}
`)
	p, err := c.Profile("t", nil)
	if err != nil {
		t.Fatalf("a padded value made the profile bad: %v", err)
	}
	for _, w := range []struct{ provider, key, value, source string }{
		{"ebao", "endpoint", "https://x.example/", "file"},
		{"ebao", "access-key", "AK", "file"},
		{"ebao", "channel-code", "AXA_TP", "file"},
		{"ebao", "response-signature-header", "signature", "default"},
		{"bihu", "endpoint", "http://bihu.example/", "file"},
		{"bihu", "agent-id", "102", "file"},
		{"bihu", "city-code", "1", "file"},
		{"bihu", "hex-case", "lower", "file"},
		{"sunshine", "platform-public-key", "/etc/insure/platform.pem", "file"},
		{"defaults", "output", "json", "file"},
		{"defaults", "timeout", "30s", "file"},
	} {
		if v, src, err := p.Get(w.provider, w.key); v != w.value || src != w.source || err != nil {
			t.Errorf("%s.%s = %q from %s (%v), want %q from %s", w.provider, w.key, v, src, err, w.value, w.source)
		}
	}
	t.Setenv("INSURE_EBAO_ENDPOINT", " https://env.example/\n")
	t.Setenv("INSURE_BIHU_AGENT_ID", "  ")
	if v := p.Value("ebao", "endpoint"); v != "https://env.example/" {
		t.Errorf("from the environment: %q", v)
	}
	if v, src, _ := p.Get("bihu", "agent-id"); v != "102" || src != "file" {
		t.Errorf("a variable of spaces only is unset: %q from %s", v, src)
	}
}

// A secret is used as given but for a line ending after it, dropped as
// --secret-stdin drops echo's (a YAML block scalar, a variable read from a
// file): other white space around it, or a line inside it, is still
// refused, exit 2, naming the setting and not the value.
func TestASecretLosesOnlyItsLineEnding(t *testing.T) {
	const secret = "k8Qz-secret-77"
	c := loadFile(t, "profiles:\n  t:\n    ebao:\n      secret-key: |\n        "+secret+"\n")
	p, err := c.Profile("t", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, src, err := p.Get("ebao", "secret-key"); v != secret || src != "file" || err != nil {
		t.Errorf("secret %q from %s (%v)", strings.ReplaceAll(v, secret, "SECRET"), src, err)
	}
	t.Setenv("INSURE_BIHU_SECRET_KEY", secret+"\r\n")
	if v, _, err := p.Get("bihu", "secret-key"); v != secret || err != nil {
		t.Errorf("secret from the environment: %v", err)
	}
	for _, bad := range []string{" " + secret, secret + " ", secret + "\t\n", secret + "\nsecond-line"} {
		t.Setenv("INSURE_BIHU_SECRET_KEY", bad)
		var errs []failure.FieldError
		if v := p.Setting("bihu", "secret-key", true, &errs); v != "" || len(errs) != 1 || strings.Contains(errs[0].String(), secret) {
			t.Errorf("env %q: %q, %v", strings.ReplaceAll(bad, secret, "SECRET"), strings.ReplaceAll(v, secret, "SECRET"), errs)
		}
		c := loadFile(t, "profiles:\n  t:\n    bihu: {secret-key: \""+strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(bad)+"\"}\n")
		_, err := c.Profile("t", nil)
		if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "bihu.secret-key") || strings.Contains(err.Error(), secret) {
			t.Errorf("file %q: %v", strings.ReplaceAll(bad, secret, "SECRET"), err)
		}
	}
}
