package doctor_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

// A config file doctor cannot read gets the load error's own hint (the
// line indented with a tab, the profile written twice in different
// case), not a general "fix the file's YAML".
func TestConfigFileCheckGivesTheLoadErrorsHint(t *testing.T) {
	for body, want := range map[string]string{
		"profiles:\n  x:\n\tpaoding:\n      endpoint: http://a.example\n":                      "line 3 is indented with a tab",
		"profiles:\n  Prod:\n    paoding: {username: a}\n  prod:\n    ebao: {access-key: b}\n": "names are case-insensitive",
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		e.F.Config = func() (*config.Config, error) { return config.Load(path, e.F.Registry) }
		e.F.Globals.Profile = "x"
		err := run(e)
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
		}
		_, checks := reportOf(t, e.Out.Bytes())
		if c := checks["config file"]; c.Status != "fail" || !strings.Contains(c.Hint, want) {
			t.Errorf("%q: config file check %+v", body, c)
		}
	}
}

// An endpoint written with spaces around it (by hand, or saved by an
// older insure from a pasted URL) is used trimmed, as every command uses
// it: doctor crashed on it with a nil-pointer stack trace, then failed
// it as no URL while the commands sent to it.
func TestEndpointWithSpacesAroundItIsCheckedTrimmed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	e := cmdtest.New(t, cmdtest.Options{})
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := "profiles:\n  x:\n    paoding: {endpoint: \"  http://" + ln.Addr().String() + "/ \", username: acme, password: doctor-test-password, api-version: \"1.0\"}\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	e.F.Config = func() (*config.Config, error) { return config.Load(path, e.F.Registry) }
	e.F.Globals.Profile = "x"
	_ = run(e, "--provider", "paoding")
	_, checks := reportOf(t, e.Out.Bytes())
	if c := checks["paoding endpoint paoding.endpoint"]; c.Status != "pass" || !strings.Contains(c.Detail, "connects to "+ln.Addr().String()) {
		t.Errorf("endpoint check %+v", c)
	}
}

// An endpoint that is no http(s) URL at all fails the profile's setting
// check, naming the value, instead of crashing doctor.
func TestEndpointThatIsNoURLFailsItsCheck(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := "profiles:\n  x:\n    paoding: {endpoint: \"openapi4s.beitaijf.cn/\", username: acme, password: doctor-test-password, api-version: \"1.0\"}\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	e.F.Config = func() (*config.Config, error) { return config.Load(path, e.F.Registry) }
	e.F.Globals.Profile = "x"
	err := run(e, "--provider", "paoding")
	if cmdutil.ExitCode(err) == 0 {
		t.Fatalf("exit 0:\n%s", e.Out)
	}
	_, checks := reportOf(t, e.Out.Bytes())
	c := checks["profile setting paoding.endpoint"]
	if c.Status != "fail" || !strings.Contains(c.Detail, `"openapi4s.beitaijf.cn/"`) {
		t.Errorf("endpoint check %+v\n%s", c, e.Out)
	}
}
