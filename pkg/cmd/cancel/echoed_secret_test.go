package cancel

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// A service whose refusal echoes the secret key (a misconfigured gateway
// repeating what it checked) had it printed in the error on stderr and in
// the JSON error document, although the -v log and the journal masked it.
func TestAnErrorEchoingTheSecretIsMasked(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(ebaosb.TestSecretKey))
	for _, tty := range []bool{false, true} {
		e := hostileEbao(t, tty, `{"success":false,"message":"bad secretKey `+ebaosb.TestSecretKey+` (`+b64+`)"}`)
		err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01")
		if cmdutil.ExitCode(err) == 0 {
			t.Fatalf("tty %v: the refusal succeeded", tty)
		}
		// The refused answer itself is data on stdout (in a pipe), printed
		// as received; the error, on stderr and as the JSON document, is
		// insure's own text.
		e.Out.Reset()
		cmdutil.PrintError(e.F.IOStreams, err, !tty)
		all := e.Out.String() + e.ErrOut.String()
		if strings.Contains(all, ebaosb.TestSecretKey) || strings.Contains(all, b64) {
			t.Errorf("tty %v: the secret is printed:\n%s", tty, all)
		}
		if !strings.Contains(all, "bad secretKey ****") {
			t.Errorf("tty %v: the message is lost:\n%s", tty, all)
		}
	}
}
