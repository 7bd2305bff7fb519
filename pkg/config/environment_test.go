package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
	"github.com/insurekit/insure/providers/sunshine"
)

// With no profile selected, a command reading the environment alone
// (insure sign sunshine) names the variable to set and how a profile could
// hold the setting; it used to say "is not set in profile (environment)"
// and suggest `insure configure (environment)`, which is no command.
func TestMissingSettingWithNoProfileNamesTheVariable(t *testing.T) {
	t.Setenv("INSURE_SUNSHINE_PRIVATE_KEY", "")
	t.Setenv("INSURE_SUNSHINE_SELLER_ID", "seller-1")
	reg := builtin.Registry()
	c := &Config{Schema: reg}
	d, _ := reg.Lookup("sunshine")
	_, _, err := sunshine.SigningKeys(d, c.EnvironmentProfile().For("sunshine"), true, false)
	if failure.KindOf(err).ExitCode() != 2 {
		t.Fatalf("exit %d: %v", failure.KindOf(err).ExitCode(), err)
	}
	fe := err.(*failure.Error)
	msg := err.Error() + "\nhint: " + fe.Hint
	for _, s := range []string{
		"no profile is selected",
		"sunshine.private-key: is not set",
		"INSURE_SUNSHINE_PRIVATE_KEY=<path to the partner private key (PEM)>",
		"insure profile add NAME --secret-stdin sunshine.private-key",
		"-p NAME",
		"insure configure NAME",
	} {
		if !strings.Contains(msg, s) {
			t.Errorf("%q does not say %q", msg, s)
		}
	}
	if strings.Contains(msg, "(environment)") {
		t.Errorf("%q names the pseudo-profile (environment)", msg)
	}

	// A non-secret setting's example is its schema's example value.
	var errs []failure.FieldError
	c.EnvironmentProfile().Setting("sunshine", "endpoint", true, &errs)
	if len(errs) != 1 || !strings.Contains(errs[0].String(), "INSURE_SUNSHINE_ENDPOINT=http://example.com/InterFaceServlet") ||
		!strings.Contains(errs[0].String(), "insure profile add NAME --set sunshine.endpoint=http://example.com/InterFaceServlet") ||
		strings.Contains(errs[0].String(), "(environment)") {
		t.Errorf("endpoint: %v", errs)
	}
}

// A key file named by INSURE_SUNSHINE_PRIVATE_KEY that cannot be read is
// blamed on the variable, not on a profile.
func TestUnreadableKeyFromTheEnvironmentNamesTheVariable(t *testing.T) {
	t.Setenv("INSURE_SUNSHINE_PRIVATE_KEY", filepath.Join(t.TempDir(), "missing.pem"))
	reg := builtin.Registry()
	c := &Config{Schema: reg}
	d, _ := reg.Lookup("sunshine")
	_, _, err := sunshine.SigningKeys(d, c.EnvironmentProfile().For("sunshine"), true, false)
	if failure.KindOf(err).ExitCode() != 2 || !strings.Contains(err.Error(), "sunshine.private-key: cannot be read") ||
		!strings.Contains(err.Error(), "(from INSURE_SUNSHINE_PRIVATE_KEY)") {
		t.Fatalf("exit %d: %v", failure.KindOf(err).ExitCode(), err)
	}
}

// In a configured profile, the message still names the profile and the
// real command that fills it in.
func TestMissingSettingInAProfileNamesTheProfile(t *testing.T) {
	t.Setenv("INSURE_SUNSHINE_PRIVATE_KEY", "")
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("profiles:\n  prod:\n    sunshine: {seller-id: s1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Profile("prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := c.Schema.Lookup("sunshine")
	_, _, err = sunshine.SigningKeys(d, p.For("sunshine"), true, false)
	if failure.KindOf(err).ExitCode() != 2 || !strings.Contains(err.Error(), "is not set in profile prod") ||
		!strings.Contains(err.Error(), "insure configure prod --provider sunshine, or INSURE_SUNSHINE_PRIVATE_KEY") {
		t.Fatalf("exit %d: %v", failure.KindOf(err).ExitCode(), err)
	}
}
