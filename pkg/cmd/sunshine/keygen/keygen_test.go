package keygen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdKeygen(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestWritesPairWithoutPrintingPrivateKey(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := filepath.Join(t.TempDir(), "keys")
	if err := run(e, "--dir", dir, "--name", "acme"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Out.String()+e.ErrOut.String(), "PRIVATE KEY") || !strings.Contains(e.Out.String(), "PUBLIC KEY") {
		t.Fatalf("%s", e.Out.String())
	}
	st, err := os.Stat(filepath.Join(dir, "acme.pem"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", st.Mode(), err)
	}
	if _, err := sunshine.ReadPrivateKey(filepath.Join(dir, "acme.pem")); err != nil {
		t.Fatal(err)
	}
	if _, err := sunshine.ReadPublicKey(filepath.Join(dir, "acme.pub.pem")); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "--dir", dir, "--name", "acme"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("overwrite without --force: %v", err)
	}
	e.Reset()
	if err := run(e, "--stdout"); err != nil || !strings.Contains(e.Out.String(), "BEGIN PRIVATE KEY") {
		t.Fatalf("--stdout: %v", err)
	}
}

// --name is a base name: one holding a directory would put the private
// key outside --dir, so it is exit 2 and nothing is written.
func TestNameWithADirectoryIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	root := t.TempDir()
	dir := filepath.Join(root, "keys")
	for _, name := range []string{"../evil", "sub/acme", ".."} {
		if err := run(e, "--dir", dir, "--name", name); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--name") {
			t.Errorf("--name %s: %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Fatalf("written: %v", entries)
	}
}

// A --dir that is a file is exit 2 naming --dir, before a key is made.
func TestDirThatIsAFileIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	file := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(e, "--dir", file, "--name", "acme")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--dir") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// Another keygen that writes the same key between this one's check and
// its write must not have its private key replaced: that key may already
// be registered with Sunshine. It was, silently.
func TestKeyMadeMeanwhileIsNotReplaced(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := t.TempDir()
	theirs := []byte("the other run's private key")
	cmd := NewCmdKeygen(e.F, func(o *Options) error {
		gen := o.Generate
		o.Generate = func(bits int) ([]byte, []byte, error) {
			priv, pub, err := gen(bits)
			if werr := os.WriteFile(filepath.Join(dir, "acme.pem"), theirs, 0o600); werr != nil {
				t.Fatal(werr)
			}
			return priv, pub, err
		}
		return Run(o)
	})
	cmd.SetArgs([]string{"--dir", dir, "--name", "acme"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "created by something else meanwhile") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "acme.pem")); string(got) != string(theirs) {
		t.Error("the other run's private key was replaced")
	}
	if _, err := os.Stat(filepath.Join(dir, "acme.pub.pem")); err == nil {
		t.Error("a public key was written beside someone else's private key")
	}
}

// --name acme.pem names the pair acme.pem and acme.pub.pem, not
// acme.pem.pem and acme.pem.pub.pem.
func TestNameWithThePEMExtensionIsTheBaseName(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := t.TempDir()
	if err := run(e, "--dir", dir, "--name", "acme.pem"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"acme.pem", "acme.pub.pem"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
