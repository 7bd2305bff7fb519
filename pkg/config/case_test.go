package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/providers/builtin"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEverySchemaKeyIsReadFromItsEnvironmentVariable(t *testing.T) {
	reg := builtin.Registry()
	c := &Config{Schema: reg}
	c.File.Profiles = map[string]map[string]Section{"p": {}}
	p, err := c.Profile("p", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range reg.All() {
		for _, f := range d.Settings {
			name := EnvName(d.Name, f.Key)
			t.Setenv(name, "from-"+name)
			if v, src, err := p.Get(d.Name, f.Key); v != "from-"+name || src != "env" || err != nil {
				t.Errorf("%s.%s with %s set: %q from %q (%v)", d.Name, f.Key, name, v, src, err)
			}
			// An empty variable counts as unset.
			t.Setenv(name, "")
			if _, src, _ := p.Get(d.Name, f.Key); src == "env" {
				t.Errorf("%s.%s: empty %s counted as set", d.Name, f.Key, name)
			}
		}
	}
}

func TestNamesAndKeysAreCaseInsensitive(t *testing.T) {
	path := writeFile(t, `current-profile: Prod
profiles:
  Prod:
    EBAO: {Endpoint: "https://ebao.example", Access-Key: AK}
    Defaults: {Output: yaml}
`)
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if c.File.CurrentProfile != "prod" {
		t.Fatalf("current-profile %q", c.File.CurrentProfile)
	}
	for _, name := range []string{"Prod", "prod", "PROD"} {
		p, err := c.Profile(name, nil)
		if err != nil {
			t.Fatalf("-p %s: %v", name, err)
		}
		if p.Name != "prod" {
			t.Fatalf("name %q", p.Name)
		}
		if v, src, _ := p.Get("EBAO", "ENDPOINT"); v != "https://ebao.example" || src != "file" {
			t.Fatalf("EBAO.ENDPOINT = %q from %q", v, src)
		}
		if p.Value("ebao", "access-key") != "AK" || p.Value(DefaultsSection, "output") != "yaml" {
			t.Fatalf("%v", p.Sections)
		}
	}
	if !c.IsSecretKey("PAODING", "Password") || !c.IsSecretKey("ebao", "SECRET-KEY") {
		t.Fatal("secret keys must be recognised in any case")
	}
	// Saved back, everything is lower-case.
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), "Prod") || strings.Contains(string(raw), "EBAO") || !strings.Contains(string(raw), "current-profile: prod") {
		t.Fatalf("saved:\n%s", raw)
	}
}

func TestABrokenProfileStopsOnlyItself(t *testing.T) {
	path := writeFile(t, `current-profile: good
profiles:
  good:
    ebao: {endpoint: "https://ebao.example"}
  broken:
    ebao: {endpont: "http://x", endpoint: "localhost:9999", require-response-signature: falsemaybe}
    ebaoo: {endpoint: "http://x"}
    defaults: {output: html, timeout: soon}
  shapeless:
    paoding: [a, b]
`)
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatalf("one broken profile must not stop Load: %v", err)
	}
	if _, err := c.Profile("good", nil); err != nil {
		t.Fatalf("good: %v", err)
	}
	if len(c.Problems("good")) != 0 || len(c.ProfileNames()) != 4 {
		t.Fatalf("problems %v names %v", c.Problems("good"), c.ProfileNames())
	}
	_, err = c.Profile("Broken", nil)
	if failure.KindOf(err) != failure.Usage || failure.KindOf(err).ExitCode() != 2 {
		t.Fatalf("broken: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		path, `profile "broken"`,
		`"ebao.endpont" is unknown; did you mean endpoint?`,
		"ebao.endpoint: must be an absolute http:// or https:// URL", "https://api.ebaocloud.example",
		"ebao.require-response-signature: must be true or false",
		`"ebaoo.endpoint" is unknown`, "did you mean ebao?",
		"defaults.output: must be one of table, json, yaml, xml, raw",
		"defaults.timeout: must be a positive duration",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not say %q:\n%s", want, msg)
		}
	}
	if _, err := c.Profile("shapeless", nil); err == nil || !strings.Contains(err.Error(), "paoding") {
		t.Fatalf("shapeless: %v", err)
	}
	// Inspect still resolves it, for profile show.
	p, problems, err := c.Inspect("broken", nil)
	if err != nil || p == nil || len(problems) != 6 {
		t.Fatalf("inspect: %v %d %v", p, len(problems), err)
	}
}

func TestAFileThatIsNotYAMLIsAUsageError(t *testing.T) {
	path := writeFile(t, "profiles: [\n")
	_, err := Load(path, builtin.Registry())
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), path) {
		t.Fatalf("%v", err)
	}
}

func TestBadSecretValueIsNotEchoed(t *testing.T) {
	c := &Config{Schema: builtin.Registry()}
	if fe := c.CheckKey("PAODING", "Passwrd"); fe == nil || !strings.Contains(fe.Rule, "did you mean password?") {
		t.Fatalf("%v", fe)
	}
	if fe := c.CheckValue("defaults", "output", "hunter2-html"); fe == nil || !strings.Contains(fe.Rule, "hunter2-html") {
		t.Fatalf("non-secret values are quoted to help: %v", fe)
	}
	// A secret's value never appears, even when its rule quotes what it got.
	c = &Config{Schema: registry.New(registry.Provider{Name: "acme", Settings: []registry.Field{
		{Key: "token", Secret: true, Check: registry.CheckURL},
	}})}
	fe := c.CheckValue("acme", "token", "hunter2-secret")
	if fe == nil || strings.Contains(fe.String(), "hunter2") || !strings.Contains(fe.Rule, "URL") {
		t.Fatalf("%v", fe)
	}
}

// A profile with nothing in it (every setting from the environment or the
// keyring) is a profile: viper lists only keys with values, so it was
// lost on reading, and the next write dropped it from the file.
func TestAProfileWithNoSettingsIsKept(t *testing.T) {
	path := writeFile(t, `current-profile: envonly
profiles:
  EnvOnly: {}
  staging:
  prod:
    ebao: {access-key: AK}
`)
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"envonly", "staging", "prod"} {
		if _, err := c.Profile(name, nil); err != nil {
			t.Errorf("profile %s: %v", name, err)
		}
	}
	t.Setenv("INSURE_EBAO_ACCESS_KEY", "from-env")
	if p, err := c.Profile("envonly", nil); err != nil {
		t.Fatal(err)
	} else if v, src, _ := p.Get("ebao", "access-key"); v != "from-env" || src != "env" {
		t.Errorf("envonly's ebao.access-key: %q from %q", v, src)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	again, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"envonly", "staging", "prod"} {
		if _, ok := again.File.Profiles[name]; !ok {
			b, _ := os.ReadFile(path)
			t.Errorf("profile %s is gone after a write:\n%s", name, b)
		}
	}
}

// The built-in sandbox may keep its own defaults in the file. Such an
// entry used to be refused as "cannot be redefined", which broke -p
// sandbox altogether; its provider settings are still refused, by name.
func TestSandboxKeepsItsDefaultsFromTheFile(t *testing.T) {
	reg := builtin.Registry()
	c, err := Load(writeFile(t, "profiles:\n  Sandbox:\n    defaults: {output: yaml, timeout: 5s}\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Profile("sandbox", nil)
	if err != nil {
		t.Fatalf("-p sandbox refused: %v", err)
	}
	if got := p.Value(DefaultsSection, "output"); got != "yaml" || !p.Sandbox || p.Value("paoding", "username") != "sandbox-4s" {
		t.Fatalf("defaults.output %q, sandbox %v", got, p.Sandbox)
	}

	c, err = Load(writeFile(t, "profiles:\n  sandbox:\n    paoding: {username: someone-else}\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Profile("sandbox", nil)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 || fe.Fields[0].Field != "profiles.sandbox.paoding" ||
		!strings.Contains(fe.Fields[0].Rule, "only its defaults") {
		t.Fatalf("a provider section under sandbox: %v", err)
	}
}

// --config naming a directory is a usage error (exit 2) that says what
// to give instead, not an I/O failure.
func TestConfigPathThatIsADirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir, builtin.Registry())
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || !strings.Contains(fe.Message, "is a directory") ||
		!strings.Contains(fe.Hint, filepath.Join(dir, "config.yaml")) {
		t.Fatalf("%v", err)
	}
}
