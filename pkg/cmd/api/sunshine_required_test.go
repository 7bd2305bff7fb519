package api

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"go.yaml.in/yaml/v3"
)

// readSpec is an examples/sunshine description.
func readSpec(t *testing.T, txn string) sunshine.RequestSpec {
	t.Helper()
	b, err := os.ReadFile(examplesDir + "sunshine/" + txn + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var spec sunshine.RequestSpec
	if err := yaml.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// without takes the named input out of spec, whichever group holds it.
func without(spec *sunshine.RequestSpec, name string) {
	for gi := range spec.InputsList {
		g := &spec.InputsList[gi]
		g.Inputs = slices.DeleteFunc(g.Inputs, func(in sunshine.Input) bool { return in.Name == name })
	}
}

// sendSpec runs `api sunshine TXN -f -` with spec on stdin.
func sendSpec(t *testing.T, e *cmdtest.Env, spec sunshine.RequestSpec, args ...string) error {
	t.Helper()
	b, err := yaml.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	e.Reset()
	e.In.Reset()
	e.In.Write(b)
	return run(e, append([]string{"sunshine", string(spec.Transaction), "-f", "-"}, args...)...)
}

func fieldNames(err error) []string {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return nil
	}
	var names []string
	for _, f := range fe.Fields {
		names = append(names, f.Field)
	}
	return names
}

// A 095, 100 or 130 description lacking what the manual's table requires
// is exit 2 naming every missing field at once, as api ebao does, and
// nothing is sent: the platform would only refuse it (exit 4).
func TestSunshineMissingRequiredInputsAreAllNamedAndNothingSent(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for txn, want := range map[string][]string{
		"095": {"vehicleInfo.cityCode", "vehicleInfo.noLicenseFlag"},
		"100": {"vehicleInfo.cityCode", "vehicleInfo.noLicenseFlag", "vehicleInfo.ownerName", "vehicleInfo.ownerMobile",
			"vehicleInfo.agentCode", "vehicleInfo.spsource", "vehicleInfo.netcampaignno"},
		"130": {"sessionId", "payment.tbOrderId", "payment.payOrderId", "payment.checkPayNo", "payment.payType", "payment.partnerId",
			"payment.payTime", "payment.payMoney", "payment.accountDate", "order.tbOrderId", "order.premium",
			"order.subOrders[0].proposalNo", "order.subOrders[0].premium", "order.subOrders[0].itemId"},
	} {
		err := sendSpec(t, e, sunshine.RequestSpec{Transaction: sunshine.Transaction(txn)})
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
			t.Errorf("%s: exit %d, sent %v: %v", txn, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
			continue
		}
		if got := fieldNames(err); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fields %v, want %v", txn, got, want)
		}
		var fe *failure.Error
		if errors.As(err, &fe) && !strings.Contains(fe.Hint, "insure example sunshine "+txn) {
			t.Errorf("%s: hint %q", txn, fe.Hint)
		}
	}
}

// Each required input, taken out of the example that works, is named on
// its own; the plate only for a registered car (the table: empty for a
// new car). An --set example on each one fixes it.
func TestSunshineEachRequiredInputIsChecked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, txn := range []sunshine.Transaction{sunshine.TxnVehicleLookup, sunshine.TxnBasicInfo} {
		for _, r := range sunshine.Required()[txn].Items {
			spec := readSpec(t, string(txn))
			without(&spec, r.Input)
			err := sendSpec(t, e, spec)
			field := r.Group + "." + r.Input
			if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || !reflect.DeepEqual(fieldNames(err), []string{field}) {
				t.Errorf("%s without %s: exit %d, sent %v: %v", txn, r.Input, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
				continue
			}
			var fe *failure.Error
			errors.As(err, &fe)
			fix := strings.TrimPrefix(fe.Fields[0].Example, "--set ")
			if err := sendSpec(t, e, spec, "--set", fix); cmdutil.ExitCode(err) == 2 {
				t.Errorf("%s without %s, with --set %s: %v", txn, r.Input, fix, err)
			}
		}
		// A new car has no plate.
		spec := readSpec(t, string(txn))
		without(&spec, "licenseNo")
		without(&spec, "noLicenseFlag")
		spec.InputsList[0].Inputs = append(spec.InputsList[0].Inputs, sunshine.Input{Name: "noLicenseFlag", Value: "1"})
		if err := sendSpec(t, e, spec); err != nil || len(e.Received()) == 0 {
			t.Errorf("%s for a new car without a plate: %v", txn, err)
		}
	}
}

// 130's Payment and Order members, the order's on every sub-order; the
// complete example passes the check and is sent (the sandbox then knows
// no such session: exit 4, not 2).
func TestSunshineIssueRequiredFieldsAreChecked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	const session = "20260302100000123456"
	for field, clear := range map[string]func(*sunshine.RequestSpec){
		"payment.checkPayNo":            func(s *sunshine.RequestSpec) { s.Payment.CheckPayNo = "" },
		"payment.accountDate":           func(s *sunshine.RequestSpec) { s.Payment.AccountDate = "" },
		"order.premium":                 func(s *sunshine.RequestSpec) { s.Order.Premium = "" },
		"order.subOrders[1].itemId":     func(s *sunshine.RequestSpec) { s.Order.SubOrders[1].ItemID = "" },
		"order.subOrders[0].proposalNo": func(s *sunshine.RequestSpec) { s.Order.SubOrders[0].ProposalNo = "" },
	} {
		spec := readSpec(t, "130")
		clear(&spec)
		err := sendSpec(t, e, spec, "--session", session)
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || !reflect.DeepEqual(fieldNames(err), []string{field}) {
			t.Errorf("130 without %s: exit %d, sent %v: %v", field, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
		}
	}
	e.F.Globals.Yes = true
	err := sendSpec(t, e, readSpec(t, "130"), "--session", session)
	if cmdutil.ExitCode(err) == 2 || len(e.Received()) == 0 {
		t.Fatalf("the complete example: exit %d, sent %v: %v", cmdutil.ExitCode(err), e.ReceivedPaths(), err)
	}
}

// A session whose 130 went unanswered sends that very request again,
// whatever this command is given (purchase.Flow), so an empty
// description is not refused for what it lacks.
func TestSunshineLostIssueIsResentUnchecked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	c, _, err := e.F.Sunshine()
	if err != nil {
		t.Fatal(err)
	}
	spec := readSpec(t, "130")
	body, err := c.Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	s := &purchase.Session{ID: spec.SessionID, Profile: config.SandboxProfile, Step: "125",
		Unanswered: &purchase.Unanswered{Spec: spec, Body: body}}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	e.F.Globals.Yes = true
	err = sendSpec(t, e, sunshine.RequestSpec{Transaction: sunshine.TxnIssue}, "--session", spec.SessionID)
	if cmdutil.ExitCode(err) == 2 || len(e.Received()) == 0 {
		t.Fatalf("exit %d, sent %v: %v", cmdutil.ExitCode(err), e.ReceivedPaths(), err)
	}
}

// The list asks for nothing the platform takes without: the sandbox,
// as strict as the manual, refuses each 095 and 100 request that lacks
// one of the required inputs when the client sends it unchecked.
func TestSunshineRequiredInputsAreWhatThePlatformRefuses(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	c, _, err := e.F.Sunshine()
	if err != nil {
		t.Fatal(err)
	}
	for _, txn := range []sunshine.Transaction{sunshine.TxnVehicleLookup, sunshine.TxnBasicInfo} {
		for _, r := range sunshine.Required()[txn].Items {
			spec := readSpec(t, string(txn))
			spec.SessionID = ""
			without(&spec, r.Input)
			if _, err := c.Send(t.Context(), spec); failure.KindOf(err) != failure.Refused {
				t.Errorf("%s without %s: the sandbox did not refuse it: %v", txn, r.Input, err)
			}
		}
	}
}
