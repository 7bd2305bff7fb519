package sandbox_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// Which code a refusal carries, where the document gives a specific one
// rather than the general parameter error (10010). Over real HTTP.

// The generate example answers a wrong user name or sign with 10020. A
// user name longer than the table's 15 characters, or a sign that is not
// 32 long, is such a wrong one; the sandbox used to answer 10010. Missing
// fields are still a parameter error.
func TestGenerateWrongLengthsAreAccountErrors(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	good := paoding.Sign(sandbox.TestUsername, sandbox.TestPassword)
	for _, tc := range []struct {
		name, user, sign, want string
	}{
		{"user name of 16", strings.Repeat("u", 16), good, "10020"},
		{"user name of 16 Chinese characters", strings.Repeat("庖", 16), good, "10020"},
		{"the test user, padded to 16", sandbox.TestUsername + strings.Repeat(" ", 16-len(sandbox.TestUsername)), good, "10020"},
		{"sign of 31", sandbox.TestUsername, good[:31], "10020"},
		{"sign of 33", sandbox.TestUsername, good + "0", "10020"},
		{"sign of 64", sandbox.TestUsername, good + good, "10020"},
		{"no user name", "", good, "10010"},
		{"no sign", sandbox.TestUsername, "", "10010"},
	} {
		v := url.Values{}
		if tc.user != "" {
			v.Set("userName", tc.user)
		}
		if tc.sign != "" {
			v.Set("sign", tc.sign)
		}
		if a := b.post(paoding.PathTokenGenerate, v1(), v); a.Code != tc.want || string(a.Data) != "{}" {
			t.Errorf("%s: code %s %q, want %s", tc.name, a.Code, a.Remark, tc.want)
		}
	}
}

// The report.get table gives orderId no length, and the document answers
// an orderId that does not exist with 30080. One longer than a purchase
// takes cannot exist: 30080, where the sandbox used to answer 10010.
func TestReportGetLongOrderIDIsNotFound(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	for _, id := range []string{strings.Repeat("o", 51), strings.Repeat("单", 51), strings.Repeat("o", 2000)} {
		if a := b.get(paoding.PathReportGet, auth(tok), url.Values{"orderId": {id}}); a.Code != "30080" || a.Remark != "订单号不存在" {
			t.Errorf("orderId of %d characters: code %s %q, want 30080", len([]rune(id)), a.Code, a.Remark)
		}
	}
	if a := b.get(paoding.PathReportGet, auth(tok), url.Values{}); a.Code != "10010" {
		t.Errorf("no orderId: code %s %q, want 10010", a.Code, a.Remark)
	}
	// At the purchase the table's 50 still holds.
	buy := url.Values{"brandFactoryId": {"20"}, "vin": {"LSVAU2180N2183294"}, "orderId": {strings.Repeat("o", 51)}, "notifyUrl": {"https://p.example.com/n"}}
	if a := b.post(paoding.PathReportBuy, auth(tok), buy); a.Code != "10010" {
		t.Errorf("buying with an orderId of 51: code %s %q, want 10010", a.Code, a.Remark)
	}
}

// The codes table's 30060 is the VIN's own code: a VIN of the wrong length
// or with characters a VIN cannot hold gets it, not the general 10010.
func TestBadVINIs30060(t *testing.T) {
	b := newBox(t, sandbox.Options{})
	tok, _ := b.login()
	for _, vin := range []string{"LSVAU2180N218329", "LSVAU2180N21832940", "LSVAU2180N218329I", "LSVAU2180N21832-4", "LSVAU2180N21832９4"} {
		buy := url.Values{"brandFactoryId": {"20"}, "vin": {vin}, "orderId": {"v-" + vin}, "notifyUrl": {"https://p.example.com/n"}}
		if a := b.post(paoding.PathReportBuy, auth(tok), buy); a.Code != "30060" || a.Remark != "车架号错误" {
			t.Errorf("VIN %q: code %s %q, want 30060", vin, a.Code, a.Remark)
		}
	}
}
