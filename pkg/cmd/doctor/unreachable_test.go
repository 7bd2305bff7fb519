package doctor_test

import (
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// An endpoint that cannot be reached leaves the credentials unchecked,
// and the report says so: the line used to be missing, on a terminal
// and in JSON alike, as if there were nothing to check.
func TestUnreachableEndpointSaysTheCredentialsWereNotChecked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"far": {
		"ebao": {"endpoint": "http://127.0.0.1:1", "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey,
			"channel-code": "AXA_TP", "product-id": "UbwoOpjMjt:1"},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile = "far"
	if err := run(e); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	_, byName := reportOf(t, e.Out.Bytes())
	if c := byName["ebao endpoint ebao.endpoint"]; c.Status != "fail" {
		t.Fatalf("endpoint: %+v", c)
	}
	c, ok := byName["ebao credentials"]
	if !ok || c.Status != "skip" || c.Detail != "not checked: the endpoint above cannot be reached" {
		t.Errorf("credentials: %+v (present %v)\n%s", c, ok, e.Out)
	}
}
