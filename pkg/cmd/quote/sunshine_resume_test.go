package quote

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/sessions"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// A script whose answer to the 100 vehicle form is malformed stops before
// 105 and says to continue with --session. Doing so must quote: the
// session exists on the platform since 100 answered its form, and it is
// nowhere near underwriting.
func TestSunshineResumeWhileTheVehicleFormIsPending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	bad := append(append([]string{}, newArgs...), vehicleSets...)
	bad = append(bad, "--set", "firstRegisterDate=2020/05/06")
	err := runSunshineQuote(e, bad...)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 || list[0].Pending != "100" {
		t.Fatalf("session not saved at 100 with its vehicle form pending: %+v", list)
	}
	if fe := string(cmdutil.ErrorJSON(err)); !strings.Contains(fe, "--session "+list[0].ID) {
		t.Fatalf("the error does not say how to continue: %s", fe)
	}

	// The listing says where the session stands.
	e.Reset()
	ls := sessions.NewCmdSessions(e.F, nil)
	ls.SetArgs(nil)
	if err := ls.Execute(); err != nil || !strings.Contains(e.Out.String(), `"step":"100","stepName":"basic information","pending":"100"`) {
		t.Fatalf("sessions: %v %s", err, e.Out.String())
	}

	e.Reset()
	if err := runSunshineQuote(e, append([]string{"--session", list[0].ID}, vehicleSets...)...); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatalf("stdout %q: %v", e.Out.String(), err)
	}
	if r.Step != "105" || r.Premiums["totalPremium"].Fen != 542975 {
		t.Fatalf("%+v", r)
	}
}

// A plate as people write it (lower case, the middle dot painted on
// plates, a space) is the plate: quoted as the platform files it, not
// refused.
func TestSunshinePlateAsPeopleWriteIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	args := append([]string{"--plate", "冀a·000 21", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000"}, vehicleSets...)
	if err := runSunshineQuote(e, args...); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.Plate != "冀A00021" {
		t.Fatalf("plate %q: %v", r.Plate, err)
	}
}
