package root

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/spf13/pflag"
)

// runMain runs the command line with the sandbox profile as cmd/insure's main does: the error is
// printed on stderr (and as JSON on stdout in JSON mode) and becomes the
// exit code.
func runMain(e *cmdtest.Env, args ...string) int {
	err := execRoot(e, append([]string{"-p", config.SandboxProfile}, args...)...)
	if err != nil {
		jsonOut := false
		if o, oerr := e.F.OutputOptions(); oerr == nil && o.Format == "json" && o.JQ == "" && o.Template == "" {
			jsonOut = true
		}
		cmdutil.PrintError(e.F.IOStreams, err, jsonOut)
	}
	return cmdutil.ExitCode(err)
}

// tlsSandbox serves e's sandbox over HTTPS with httptest's own CA and
// points the sandbox profile at it; it returns the CA as a PEM file.
func tlsSandbox(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	srv := httptest.NewTLSServer(e.Sandbox.Handler())
	t.Cleanup(srv.Close)
	t.Setenv("INSURE_SANDBOX_URL", srv.URL)
	ca := filepath.Join(t.TempDir(), "partner-test-ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return ca
}

func TestPartnerTestCA(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			ca := tlsSandbox(t, e)
			if code := runMain(e, "vin-report", "brands"); code != 5 {
				t.Fatalf("untrusted server: exit %d, stderr %q", code, e.ErrOut.String())
			}
			stderr := e.ErrOut.String()
			if !strings.Contains(stderr, "certificate is not trusted") || !strings.Contains(stderr, "--cacert") {
				t.Fatalf("stderr does not explain: %q", stderr)
			}
			if len(e.Received()) != 0 {
				t.Fatalf("the untrusted server received %v", e.ReceivedPaths())
			}

			e.Reset()
			if code := runMain(e, "vin-report", "brands", "--cacert", ca); code != 0 {
				t.Fatalf("with --cacert: exit %d, stderr %q", code, e.ErrOut.String())
			}
			if e.Out.Len() == 0 || !strings.Contains(strings.Join(e.ReceivedPaths(), " "), "/4s/brand") {
				t.Fatalf("no brands: %q, sent %v", e.Out.String(), e.ReceivedPaths())
			}
		})
	}
}

func TestPartnerTestCAFromTheProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	ca := tlsSandbox(t, e)
	err := e.Config.Update(func(c *config.Config) error {
		if c.File.Profiles == nil {
			c.File.Profiles = map[string]map[string]config.Section{}
		}
		c.File.Profiles[config.SandboxProfile] = map[string]config.Section{config.DefaultsSection: {"cacert": ca}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if code := runMain(e, "vin-report", "brands"); code != 0 {
		t.Fatalf("defaults.cacert: exit %d, stderr %q", code, e.ErrOut.String())
	}
}

func TestUnusableCAFileIsExitTwoNamingIt(t *testing.T) {
	notPEM := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{notPEM, filepath.Join(t.TempDir(), "missing.pem")} {
		e := cmdtest.New(t, cmdtest.Options{})
		if code := runMain(e, "vin-report", "brands", "--cacert", f); code != 2 || !strings.Contains(e.ErrOut.String(), f) {
			t.Fatalf("%s: exit %d, stderr %q", f, code, e.ErrOut.String())
		}
		if len(e.Received()) != 0 {
			t.Fatalf("%s: sent %v", f, e.ReceivedPaths())
		}
	}
}

func TestEnvironmentTopicListsEveryVariable(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := execRoot(e, "help", "environment"); err != nil {
		t.Fatal(err)
	}
	text := e.Out.String()
	want := []string{"SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "--cacert",
		"INSURE_SANDBOX_URL", "INSURE_SANDBOX_FAULTS", "INSURE_STATE_DIR", "INSURE_CONFIG", "INSURE_<PROVIDER>_<FIELD>"}
	NewCmdRoot(e.F).PersistentFlags().VisitAll(func(fl *pflag.Flag) {
		want = append(want, "INSURE_"+strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_")))
	})
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("help environment does not mention %s", w)
		}
	}
}
