package api

import (
	"reflect"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
)

// replaceInput gives the named input value, whichever group holds it.
func replaceInput(spec *sunshine.RequestSpec, name, value string) {
	for gi := range spec.InputsList {
		for ii := range spec.InputsList[gi].Inputs {
			if in := &spec.InputsList[gi].Inputs[ii]; in.Name == name {
				in.Value = value
			}
		}
	}
}

// A value in another form than the manual's table gives it (a payment in
// yuan, an ISO time, a date without dashes, a flag that is neither 1 nor
// 0) is exit 2 before anything is sent, naming the field, the form and a
// good value; sent as it was, the platform would only refuse it (exit 4).
func TestSunshineMalformedValuesAreRefusedBeforeSending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true // 130 and 120 act: nothing may stop them but the check
	for _, tc := range []struct {
		txn, field, rule, example string
		spoil                     func(*sunshine.RequestSpec)
	}{
		{"130", "payment.payMoney", `"5248.55" is not the form 130 takes: a whole number of fen`, "524855",
			func(s *sunshine.RequestSpec) { s.Payment.PayMoney = "5248.55" }},
		{"130", "payment.payTime", `"2026-03-02T10:05:00" is not the form 130 takes: a time written yyyy-MM-dd HH:mm:ss`, "2026-03-02 10:05:00",
			func(s *sunshine.RequestSpec) { s.Payment.PayTime = "2026-03-02T10:05:00" }},
		{"130", "payment.accountDate", `"20260302" is not the form 130 takes: a date written yyyy-MM-dd`, "2026-03-02",
			func(s *sunshine.RequestSpec) { s.Payment.AccountDate = "20260302" }},
		{"130", "order.premium", `"5248.55" is not the form 130 takes: a whole number of fen`, "524855",
			func(s *sunshine.RequestSpec) { s.Order.Premium = "5248.55" }},
		{"130", "order.subOrders[1].premium", `"1310.00" is not the form 130 takes: a whole number of fen`, "393855",
			func(s *sunshine.RequestSpec) { s.Order.SubOrders[1].Premium = "1310.00" }},
		{"120", "deliverInfo.sendDate", `"2026/03/03" is not the form 120 takes: a date written yyyy-MM-dd`, "--set deliverInfo.sendDate=2026-03-02",
			func(s *sunshine.RequestSpec) { replaceInput(s, "sendDate", "2026/03/03") }},
		{"135", "deliverInfo.sendDate", `"20260304" is not the form 135 takes: a date written yyyy-MM-dd`, "--set deliverInfo.sendDate=2026-03-02",
			func(s *sunshine.RequestSpec) { replaceInput(s, "sendDate", "20260304") }},
		{"095", "vehicleInfo.noLicenseFlag", `"Y" is not the form 095 takes: 1 (a new car without plates) or 0`, "--set vehicleInfo.noLicenseFlag=0",
			func(s *sunshine.RequestSpec) { replaceInput(s, "noLicenseFlag", "Y") }},
		{"100", "vehicleInfo.noLicenseFlag", `"2" is not the form 100 takes: 1 (a new car without plates) or 0`, "--set vehicleInfo.noLicenseFlag=0",
			func(s *sunshine.RequestSpec) { replaceInput(s, "noLicenseFlag", "2") }},
	} {
		spec := readSpec(t, tc.txn)
		tc.spoil(&spec)
		err := sendSpec(t, e, spec)
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || !reflect.DeepEqual(fieldNames(err), []string{tc.field}) {
			t.Errorf("%s %s: exit %d, fields %v, sent %v: %v", tc.txn, tc.field, cmdutil.ExitCode(err), fieldNames(err), e.ReceivedPaths(), err)
			continue
		}
		cmdutil.PrintError(e.F.IOStreams, err, false)
		want := tc.field + ": " + tc.rule
		if got := e.ErrOut.String(); !strings.Contains(got, want) || !strings.Contains(got, "(for example "+tc.example+")") ||
			!strings.Contains(got, "nothing was sent") {
			t.Errorf("%s %s: stderr\n%s\nwant %q and the example %q", tc.txn, tc.field, got, want, tc.example)
		}
	}
}

// Every field of the issue request checked at once: the reviewer's 130.
func TestSunshineIssueInYuanAndISOTimesNamesEachField(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	spec := readSpec(t, "130")
	spec.Payment.PayMoney, spec.Payment.PayTime, spec.Payment.AccountDate = "5248.55", "2026-03-02T10:05:00", "20260302"
	err := sendSpec(t, e, spec)
	want := []string{"payment.payTime", "payment.payMoney", "payment.accountDate"}
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || !reflect.DeepEqual(fieldNames(err), want) {
		t.Fatalf("exit %d, fields %v, sent %v: %v", cmdutil.ExitCode(err), fieldNames(err), e.ReceivedPaths(), err)
	}
}

// What the manual's own examples write passes the check and is sent: its
// 130 payment (a whole time in AccountDate, as its example has it, or the
// table's date), its premiums in fen, and the flags of its 095 and 100.
// The sandbox knows no such session or order, so a refusal (exit 4) is
// fine; exit 2 is not.
func TestSunshineManualsOwnValuesAreSent(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	for _, accountDate := range []string{"2013-02-26 10:43:19", "2013-02-26"} {
		spec := readSpec(t, "130")
		spec.Payment.PayTime, spec.Payment.PayMoney, spec.Payment.AccountDate = "2013-02-26 10:43:19", "1000000", accountDate
		spec.Order.Premium, spec.Order.SubOrders[0].Premium, spec.Order.SubOrders[1].Premium = "339059", "139059", "200000"
		if err := sendSpec(t, e, spec); cmdutil.ExitCode(err) == 2 || len(e.Received()) == 0 {
			t.Errorf("130 with AccountDate %q: exit %d, sent %v: %v", accountDate, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
		}
	}
	for _, tc := range []struct{ txn, flag string }{{"095", "0"}, {"095", "1"}, {"100", "1"}, {"100", "0"}} {
		spec := readSpec(t, tc.txn)
		replaceInput(&spec, "noLicenseFlag", tc.flag)
		if err := sendSpec(t, e, spec); cmdutil.ExitCode(err) == 2 || len(e.Received()) == 0 {
			t.Errorf("%s with noLicenseFlag %s: exit %d, sent %v: %v", tc.txn, tc.flag, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
		}
	}
	for _, txn := range []string{"120", "135"} {
		spec := readSpec(t, txn)
		replaceInput(&spec, "sendDate", "2026-03-04")
		if err := sendSpec(t, e, spec); cmdutil.ExitCode(err) == 2 || len(e.Received()) == 0 {
			t.Errorf("%s with sendDate 2026-03-04: exit %d, sent %v: %v", txn, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
		}
	}
}
