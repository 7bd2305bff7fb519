package bihu

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// The sign-out SecCode of the sandbox account and the renewal document's
// example token, as docs/providers/bihu.md gives it and an independent
// md5sum of "agentId=102&secretKey=<sandbox secret>&token=<token>" agrees.
const docSignOut = "10BFA21781F812E11392A72F46CF93EC"

func TestSignOutReproducesTheWorkedExampleWithTokenMasked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "signout", "--token", docToken); err != nil {
		t.Fatal(err)
	}
	r := result(t, e)
	if r.Operation != "signout" || r.SecCode != docSignOut || r.Canonical != "agentId=102&secretKey=****&token=****" || r.Params["token"] != "****" || r.Params["agentId"] != "102" {
		t.Fatalf("%+v", r)
	}
	noSecret(t, e, docToken)
	if len(e.Received()) != 0 {
		t.Fatal("sign sent a request")
	}

	e.Reset()
	e.F.Globals.ShowSecrets = true
	if err := run(e, "signout", "--token", docToken, "--hex-case", "lower", "--verify", docSignOut); err != nil {
		t.Fatalf("either hex case verifies: %v", err)
	}
	if r := result(t, e); r.SecCode != strings.ToLower(docSignOut) || r.Canonical != "agentId=102&secretKey=****&token="+docToken {
		t.Fatalf("%+v", r)
	}
}

func TestSignOutOnTerminalMismatchShowsTheStringAndExitsSix(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetColorEnabled(false)
	err := run(e, "signout", "--token", docToken, "--verify", "00000000000000000000000000000000")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 6 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "agentId, secretKey, token") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	out := e.Out.String()
	for _, want := range []string{"operation: signout", "MISMATCH", "agentId=102&secretKey=****&token=****"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
}

func TestSignOutWithoutTokenOrAgentNamesBoth(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	t.Setenv("INSURE_BIHU_SECRET_KEY", "x")
	err := run(e, "signout")
	if cmdutil.ExitCode(err) != 2 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, want := range []string{"--token: is required", "--agent-id: is required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("lacks %q: %v", want, err)
		}
	}
}

// A --verify value that cannot be a SecCode is a typo, not a mismatch:
// exit 2 naming the rule, for every operation, with nothing printed.
func TestVerifyThatIsNotThirtyTwoHexDigitsIsUsage(t *testing.T) {
	// Each command's example is its own worked SecCode, not the login's.
	for example, args := range map[string][]string{
		"46008B1AE6A9AAE896529428AFB124F8": {"login", "--timestamp", docTime},
		"80CF69548DB7815D8925714377AF0846": {"renew", "LicenseNo=京J97896", "CityCode=1", "Token=" + docToken, "TimeStamp=" + docTime},
		"10BFA21781F812E11392A72F46CF93EC": {"signout", "--token", docToken},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, append(args, "--verify", "xyz")...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--verify: is an MD5 signature: 32 hex digits") || e.Out.Len() != 0 {
			t.Errorf("%s: exit %d: %v, stdout %q", args[0], cmdutil.ExitCode(err), err, e.Out.String())
		}
		if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, example) {
			t.Errorf("%s: the example is not its own SecCode %s: %s", args[0], example, j)
		}
	}
}
