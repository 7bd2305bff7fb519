package add

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// keyPairFiles writes a generated Sunshine key pair and returns the
// private key's file and the public key's.
func keyPairFiles(t *testing.T) (priv, pub string) {
	t.Helper()
	privPEM, pubPEM, err := sunshine.GenerateKeyPair(0)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	priv, pub = filepath.Join(dir, "partner.pem"), filepath.Join(dir, "platform.pem")
	if err := os.WriteFile(priv, privPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pub, pubPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	return priv, pub
}

// A platform public key given with --set as a file that does not exist,
// a folder, or a file holding the other key of the pair was saved and
// failed at the first Sunshine request. It is refused like the same value
// on stdin: exit 2, the rule, nothing written. The key file's path is
// kept.
func TestAddSetRefusesAPlatformKeyThatIsNoReadableKeyFile(t *testing.T) {
	priv, pub := keyPairFiles(t)
	for name, c := range map[string]struct{ value, says string }{
		"missing file":    {filepath.Join(t.TempDir(), "nonexistent.pem"), "nor the path of an existing file"},
		"folder":          {t.TempDir(), "names a folder"},
		"the private key": {priv, "holds no public key or certificate"},
		"not a key":       {"999", "nor the path of an existing file"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, "s1", "--set", "sunshine.platform-public-key="+c.value)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%s: exit %d: %v", name, cmdutil.ExitCode(err), err)
		}
		msg := shown(e, err)
		for _, s := range []string{"--set sunshine.platform-public-key: ", c.says, "nothing was written"} {
			if !strings.Contains(msg, s) {
				t.Errorf("%s: %q does not say %q", name, msg, s)
			}
		}
		notWritten(t, e)
	}
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "s1", "--set", "sunshine.platform-public-key="+pub); err != nil {
		t.Fatal(err)
	}
	if c, _ := saved(t, e); c.File.Profiles["s1"]["sunshine"]["platform-public-key"] != pub {
		t.Fatalf("saved %q", c.File.Profiles["s1"]["sunshine"]["platform-public-key"])
	}
}

// A file that exists but holds no private key (the public key given in
// its place, or a file that cannot be read) is refused on stdin too, the
// path never repeated.
func TestAddSecretStdinRefusesAFileHoldingNoPrivateKey(t *testing.T) {
	_, pub := keyPairFiles(t)
	unreadable := filepath.Join(t.TempDir(), "locked.pem")
	if err := os.WriteFile(unreadable, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ value, says string }{
		"public key": {pub, "names a file that holds no private key"},
	}
	if os.Geteuid() != 0 { // root reads any file
		cases["unreadable"] = struct{ value, says string }{unreadable, "cannot be read (permission denied)"}
	}
	for name, c := range cases {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(c.value + "\n")
		err := run(e, "s1", "--secret-stdin", "sunshine.private-key")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("%s: exit %d: %v", name, cmdutil.ExitCode(err), err)
		}
		msg := shown(e, err)
		if !strings.Contains(msg, c.says) || strings.Contains(msg, c.value) {
			t.Errorf("%s: %s", name, msg)
		}
		notWritten(t, e)
	}
}

// bihu.city-code and bihu.agent-id that renew (or Bihu's login) would
// refuse are refused on write, with the rule; a city's code or name
// passes, as renew takes either.
func TestAddRefusesABihuCityAndAgentThatRenewWouldRefuse(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "b", "--set", "bihu.city-code=zzz", "--set", "bihu.agent-id=abc")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := shown(e, err)
	for _, s := range []string{"--set bihu.city-code: is not a Bihu city", "1 北京", "--set bihu.agent-id: must be the digits", "bihu.agent-id=102"} {
		if !strings.Contains(msg, s) {
			t.Errorf("%q does not say %q", msg, s)
		}
	}
	notWritten(t, e)
	for _, city := range []string{"1", "23", "北京", "北京市"} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := run(e, "b", "--set", "bihu.city-code="+city, "--set", "bihu.agent-id=102"); err != nil {
			t.Errorf("%s: %v", city, err)
		}
	}
}
