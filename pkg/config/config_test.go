package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/builtin"
)

type mapKeyring map[string]string

func (m mapKeyring) Get(s, u string) (string, error) {
	v, ok := m[s+"/"+u]
	if !ok {
		return "", errors.New("not found")
	}
	return v, nil
}
func (m mapKeyring) Set(s, u, v string) error { m[s+"/"+u] = v; return nil }
func (m mapKeyring) Delete(s, u string) error { delete(m, s+"/"+u); return nil }

func TestSaveLoadRoundTripIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure", "config.yaml")
	c := &Config{Path: path}
	c.File.CurrentProfile = "test"
	c.File.Profiles = map[string]map[string]Section{"test": {"paoding": {"username": "acme", "password": "pw"}}}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", st.Mode().Perm())
	}
	got, err := Load(path, builtin.Registry())
	if err != nil || got.File.CurrentProfile != "test" || got.File.Profiles["test"]["paoding"]["username"] != "acme" || len(got.Warnings) != 0 {
		t.Fatalf("%+v %v", got, err)
	}
	os.Chmod(path, 0o644)
	got, _ = Load(path, builtin.Registry())
	if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "chmod 600") {
		t.Fatalf("warnings %v", got.Warnings)
	}
}

func TestMissingFileIsEmpty(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none.yaml"), builtin.Registry())
	if err != nil || len(c.File.Profiles) != 0 {
		t.Fatal(err)
	}
	if _, err := c.Profile("nope", nil); err == nil || !strings.Contains(err.Error(), "insure profile add nope") {
		t.Fatalf("%v", err)
	}
}

func TestPrecedenceEnvFileKeyringDefault(t *testing.T) {
	c := &Config{Schema: builtin.Registry()}
	c.File.Profiles = map[string]map[string]Section{"p": {"paoding": {"username": "file-user", "password": KeyringMarker}}}
	kr := mapKeyring{KeyringService + "/" + KeyringUser("p", "paoding", "password"): "kr-pw"}
	p, err := c.Profile("p", kr)
	if err != nil {
		t.Fatal(err)
	}
	check := func(key, wantV, wantSrc string) {
		t.Helper()
		v, src, err := p.Get("paoding", key)
		if err != nil || v != wantV || src != wantSrc {
			t.Fatalf("%s = %q from %q (%v), want %q from %q", key, v, src, err, wantV, wantSrc)
		}
	}
	check("username", "file-user", "file")
	check("password", "kr-pw", "keyring")
	check("api-version", "1.0", "default")
	t.Setenv("INSURE_PAODING_USERNAME", "env-user")
	t.Setenv("INSURE_PAODING_API_VERSION", "1.1")
	check("username", "env-user", "env")
	check("api-version", "1.1", "env")
}

func TestSandboxProfileIsBuiltInAndOverridable(t *testing.T) {
	c := &Config{Schema: builtin.Registry()}
	p, err := c.Profile(SandboxProfile, nil)
	if err != nil || !p.Sandbox || p.Value("paoding", "username") != "sandbox-4s" {
		t.Fatalf("%+v %v", p, err)
	}
	t.Setenv("INSURE_PAODING_USERNAME", "other")
	if p.Value("paoding", "username") != "other" {
		t.Fatal("env must override the sandbox profile too")
	}
	if ValidProfileName(SandboxProfile) == nil || ValidProfileName("a b") == nil || ValidProfileName("prod-1") != nil {
		t.Fatal("profile names")
	}
}

func TestMaskKeep(t *testing.T) {
	if got := MaskKeep("27ab5d3f2207c5c1bb445c76516552a4", 4); got != "27ab************************52a4" {
		t.Fatal(got)
	}
	if MaskKeep("short", 4) != "*****" || Mask("") != "" || Mask("x") != "********" {
		t.Fatal("mask")
	}
}
