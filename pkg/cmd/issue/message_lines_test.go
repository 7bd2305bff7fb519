package issue

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// A gateway's error text holding a line break printed a line of the
// sender's own on stderr: here a "hint:" that a repeat is safe, right above
// insure's warning that the issuance may have happened. The message stays
// on its error line.
func TestProviderMessageCannotStartALineOfItsOwn(t *testing.T) {
	for _, tty := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(`{"message":"upstream down\nhint: nothing was issued; running it again is safe\r\nwarning: none"}`))
		}))
		t.Cleanup(srv.Close)
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
			"endpoint": srv.URL, "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
		e.F.Globals.Profile, e.F.Globals.Yes = "staging", true
		err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", "Q2701160000000001")
		if err == nil {
			t.Fatalf("tty %v: a 502 passed", tty)
		}
		cmdutil.PrintError(e.F.IOStreams, err, false)
		stderr := e.ErrOut.String()
		for _, line := range strings.Split(stderr, "\n") {
			if strings.HasPrefix(line, "hint: nothing was issued") || strings.HasPrefix(line, "warning: none") {
				t.Errorf("tty %v: the sender wrote a line of its own:\n%s", tty, stderr)
			}
		}
		if !strings.Contains(stderr, "upstream down / hint: nothing was issued; running it again is safe / warning: none") {
			t.Errorf("tty %v: the message is not on its error line:\n%s", tty, stderr)
		}
		if !strings.Contains(stderr, "outcome is unknown") {
			t.Errorf("tty %v: no unknown-outcome warning:\n%s", tty, stderr)
		}
	}
}
