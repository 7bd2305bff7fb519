package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
)

// A key path starting "~/" names a file under the home folder, as the
// shell would have read it: the keygen example puts keys under
// ~/.config/insure/keys, and typed so (in the wizard, a quoted --set,
// --secret-stdin) the path was refused as "not the path of an existing
// file". It is saved expanded, so it works from any directory.
func TestKeyPathUnderTildeIsTheHomeFolders(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(home, "keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"partner.pem": privPEM, "platform.pem": pubPEM} {
		if err := os.WriteFile(filepath.Join(home, "keys", name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for key, file := range map[string]string{"private-key": "partner.pem", "platform-public-key": "platform.pem"} {
		v := NormalizeKeyValue(key, "~/keys/"+file)
		if want := filepath.Join(home, "keys", file); v != want {
			t.Errorf("%s: ~/keys/%s is saved as %q, want %q", key, file, v, want)
		}
		if fe := CheckKeySource("sunshine", key, v); fe != nil {
			t.Errorf("%s: refused: %s", key, fe.Rule)
		}
	}
	// Settings that are no key keep their value: "~/" may be a password.
	if v := NormalizeKeyValue("password", "~/keys/x"); v != "~/keys/x" {
		t.Errorf("a password became %q", v)
	}
}

// "~user/" is not expanded (only "~/" is): the refusal says so and asks
// for the absolute path, rather than blaming a key cut short.
func TestKeyPathUnderAnotherUsersTildeSaysWhy(t *testing.T) {
	v := NormalizeKeyValue("private-key", "~bob/keys/partner.pem")
	fe := CheckKeySource("sunshine", "private-key", v)
	if fe == nil || !strings.Contains(fe.Rule, "~/") || !strings.Contains(fe.Rule, "absolute path") {
		t.Fatalf("refusal %+v", fe)
	}
}
