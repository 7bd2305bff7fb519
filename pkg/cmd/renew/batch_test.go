package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

func TestBatchRenewFromCSVOnStdin(t *testing.T) {
	e := newEnv(t, false)
	// newEnv's Profile sets the endpoint on every call; the batch's
	// workers call it at once, so resolve it once here.
	p, err := e.F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	e.F.Profile = func() (*config.Profile, error) { return p, nil }
	e.In.WriteString("plate,city\n京J97896,北京\n京A12345,北京\n京AD12345,\n京j97896,\n京J97896,北京,extra\n")
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--concurrency", "3"})
	err = cmd.Execute()
	// 206 is exit 4, bad input exit 2: the refusal is the more severe.
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	type line struct {
		Line    int
		Input   map[string]string
		Outcome string
		Code    string
	}
	var got []string
	for _, l := range cmdtest.JSONLines[line](t, e.Out.String()) {
		got = append(got, l.Input["plate"]+" "+l.Outcome+" "+l.Code)
	}
	want := []string{"京J97896 ok ", "京A12345 refused 206", "京AD12345 usage ", "京j97896 ok ", " usage "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	logins := 0
	for _, p := range e.paths() {
		if strings.Contains(strings.ToLower(p), "login") {
			logins++
		}
	}
	if logins != 1 {
		t.Fatalf("%d logins for one batch, want 1: %v", logins, e.paths())
	}
	noSecret(t, e)
}
