package bihu

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A live session token typed on the command line (Token= or --token) is
// signed, with a warning that ps shows it; the document's example token
// and the placeholders are no secret and are not warned about, and the
// warning never repeats the token.
func TestTokenOnTheCommandLineIsWarnedAbout(t *testing.T) {
	const live = "0F1E2D3C4B5A69788796A5B4C3D2E1F0"
	for _, args := range [][]string{
		{"signout", "--token", live},
		{"renew", "Token=" + live, "CityCode=1", "LicenseNo=京A12345"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := run(e, args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		stderr := e.ErrOut.String()
		if !strings.Contains(stderr, "warning: a session token given as") || !strings.Contains(stderr, "shows in ps") {
			t.Errorf("%v: no warning:\n%s", args, stderr)
		}
		noSecret(t, e, live)
	}
	for _, args := range [][]string{
		{"signout", "--token", docToken},
		{"renew", "Token=" + docToken, "CityCode=1", "LicenseNo=京A12345"},
		{"renew", "Token=TOKEN", "CityCode=1", "LicenseNo=京A12345"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := run(e, args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if strings.Contains(e.ErrOut.String(), "warning") {
			t.Errorf("%v: warned of a stand-in token:\n%s", args, e.ErrOut)
		}
	}
}
