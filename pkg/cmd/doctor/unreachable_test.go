package doctor_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
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

// A server that takes connections and never answers: the clock check's
// request used the whole --timeout the checks shared, so the login had
// none left and its token lock blamed "another insure process" that did
// not exist. Each check has the timeout of its own.
func TestEachCheckHasItsOwnTimeout(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(func() { close(stop); srv.CloseClientConnections(); srv.Close() })
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"silent": {
		"bihu": {"endpoint": srv.URL, "agent-id": bihusb.TestAgentID, "username": bihusb.TestUsername, "secret-key": bihusb.TestSecretKey},
	}}
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Profile, e.F.Globals.Timeout = "silent", time.Second
	_ = run(e, "--provider", "bihu")
	_, byName := reportOf(t, e.Out.Bytes())
	c, ok := byName["bihu credentials"]
	if !ok || c.Status != "fail" || strings.Contains(c.Detail, "another insure process") || !strings.Contains(c.Detail, "1s") {
		t.Errorf("credentials: %+v (present %v)\n%s", c, ok, e.Out)
	}
}
