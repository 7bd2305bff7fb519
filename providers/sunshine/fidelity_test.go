package sunshine_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// The sandbox holds requests to the header table: version 2, an agent
// code, a SendTime in the stated format and close to its clock.
func TestSandboxChecksTheHeader(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	spec := sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup, InputsList: []sunshine.Inputs{{Type: "vehicleInfo",
		Inputs: []sunshine.Input{{Name: "cityCode", Value: "07518800"}, {Name: "noLicenseFlag", Value: "1"}}}}}
	good, err := c.Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendRaw(context.Background(), good); err != nil {
		t.Fatalf("a well-formed header is refused: %v", err)
	}
	for _, tc := range []struct{ name, from, to, want string }{
		{"version", "<Version>2</Version>", "<Version>1</Version>", "Version"},
		{"agent code missing", "<AgentCode>" + c.AgentCode + "</AgentCode>", "<AgentCode></AgentCode>", "AgentCode"},
		{"agent code malformed", "<AgentCode>" + c.AgentCode + "</AgentCode>", "<AgentCode>03210001</AgentCode>", "AgentCode"},
		{"send time format", "<SendTime>2026-03-02 10:00:00</SendTime>", "<SendTime>2026/03/02 10:00:00</SendTime>", "SendTime"},
		{"send time age", "<SendTime>2026-03-02 10:00:00</SendTime>", "<SendTime>2026-03-02 08:00:00</SendTime>", "SendTime"},
		{"seller", "<SellerId>" + c.SellerID + "</SellerId>", "<SellerId></SellerId>", "SellerId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(good, []byte(tc.from)) {
				t.Fatalf("request has no %s", tc.from)
			}
			doc := bytes.Replace(good, []byte(tc.from), []byte(tc.to), 1)
			resp, err := c.SendRaw(context.Background(), doc)
			assertFailure(t, err, failure.Refused, "400", tc.want)
			// The refusal carries ErrorMessages as the manual's does.
			if !bytes.Contains(resp.Raw, []byte("<ErrorMessages>")) {
				t.Errorf("refusal without ErrorMessages:\n%s", resp.UTF8)
			}
			if len(resp.ErrorMessages) != 1 {
				t.Errorf("messages read %q, want the one message once", resp.ErrorMessages)
			}
		})
	}
}

// The Header is outside the signature: an answer whose SessionId or
// RequestType is not the request's, or whose status contradicts its
// signed body, is not trusted.
func TestHeaderCrossCheck(t *testing.T) {
	p := newPlatform(t)
	spec := sunshine.RequestSpec{Transaction: sunshine.TxnColors, SessionID: "20260302100000123456"}
	p.Tamper(func(b []byte) []byte {
		return bytes.Replace(b, []byte("<SessionId>20260302100000123456<"), []byte("<SessionId>20260302100000999999<"), 1)
	})
	_, err := p.client(t).Send(context.Background(), spec)
	assertFailure(t, err, failure.Verification, "", "SessionId")

	p.Tamper(func(b []byte) []byte {
		return bytes.Replace(b, []byte("<RequestType>050<"), []byte("<RequestType>130<"), 1)
	})
	_, err = p.client(t).Send(context.Background(), spec)
	assertFailure(t, err, failure.Verification, "", "RequestType")

	p.Tamper(func(b []byte) []byte {
		return regexp.MustCompile(`<Status>\d+<`).ReplaceAll(b, []byte("<Status>200<"))
	})
	_, err = p.client(t).Send(context.Background(), sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup, InputsList: []sunshine.Inputs{{Type: "vehicleInfo",
		Inputs: []sunshine.Input{{Name: "cityCode", Value: "07518800"}, {Name: "noLicenseFlag", Value: "1"}}}}})
	assertFailure(t, err, failure.Verification, "", "no form control")
}

// An answer to 130 that cannot be trusted may still mean a policy was
// issued: the error says so and how to find out.
func TestIssueAnswerUnverifiedSaysPolicyMayExist(t *testing.T) {
	sid, err := issueWithAnswerChanged(t, func(b []byte) []byte {
		return bytes.Replace(b, []byte("<PolicyNo>P"), []byte("<PolicyNo>X"), 1)
	})
	fe := assertFailure(t, err, failure.Verification, "", "may already be issued")
	if !strings.Contains(fe.Hint, sid) || !strings.Contains(fe.Hint, "identical") {
		t.Errorf("hint %q does not say how to check", fe.Hint)
	}
}

// An answer to 130 with a status the manual does not define (its own 130
// example answers 2) was "unrecognised status", exit 6, without saying
// the policy may be issued: a user would pay and issue again.
func TestIssueAnswerWithAnUnknownStatusSaysPolicyMayExist(t *testing.T) {
	sid, err := issueWithAnswerChanged(t, func(b []byte) []byte {
		return regexp.MustCompile(`<Status>\d+<`).ReplaceAll(b, []byte("<Status>2<"))
	})
	fe := assertFailure(t, err, failure.Verification, "", "may already be issued")
	if !strings.Contains(fe.Message, "unrecognised status") || !strings.Contains(fe.Hint, sid) || !strings.Contains(fe.Hint, "do not pay or issue again") {
		t.Errorf("%q, hint %q", fe.Message, fe.Hint)
	}
}

// issueWithAnswerChanged runs a purchase to 130 and sends it, with the
// platform's answer to 130 changed by change after signing; it returns
// the session and Send's error.
func issueWithAnswerChanged(t *testing.T, change func([]byte) []byte) (string, error) {
	t.Helper()
	p := newPlatform(t)
	clock := testNow
	c := p.client(t, func(cfg *sunshine.Config) {
		cfg.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	})
	sid, spec := readyToIssue(t, c)
	p.Tamper(func(b []byte) []byte {
		if !bytes.Contains(b, []byte("<RequestType>130<")) {
			return b
		}
		return change(b)
	})
	_, err := c.Send(context.Background(), spec)
	return sid, err
}

// readyToIssue runs a purchase to its payment check (125) and returns the
// session and a complete 130 request for it.
func readyToIssue(t *testing.T, c *sunshine.Client) (string, sunshine.RequestSpec) {
	t.Helper()
	sid := start(t, c, "08512200")
	r := send(t, c, sunshine.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people("13900139000"), Order: order(nil)})
	r = send(t, c, sunshine.RequestSpec{Transaction: "125", SessionID: sid, Order: order(r.ProposalNos())})
	o := order(r.ProposalNos())
	o.Premium = r.Order.Premium
	for i := range o.SubOrders {
		o.SubOrders[i].ItemID = "2000036117417"
		for _, so := range r.Order.SubOrders {
			if so.Type == o.SubOrders[i].Type {
				o.SubOrders[i].Premium = so.Premium
			}
		}
	}
	pay := &sunshine.Payment{TBOrderID: o.TBOrderID, PayOrderID: "2026030200001", CheckPayNo: "B5000M386466139260786",
		PayType: "01", PartnerID: "2088601078742391", PayTime: "2026-03-02 10:05:00", PayMoney: r.Order.Premium, AccountDate: "2026-03-02"}
	return sid, sunshine.RequestSpec{Transaction: "130", SessionID: sid, Order: o, Payment: pay}
}

// The sandbox holds 120's gift lists to the manual: one entry per gift
// in each of the four lists, empty ones included, and only gifts offered.
func TestSandboxChecksGiftLists(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	sid := start(t, c, "08512200")
	r := send(t, c, sunshine.RequestSpec{Transaction: "115", SessionID: sid, InputsList: []sunshine.Inputs{group("", "packageType", "luxury")}})
	id := ""
	for _, g := range r.TagsList {
		for _, n := range g.Extra {
			for _, d := range n.Children {
				if d.Attr("name") == "pkIdEncryption" && id == "" {
					id = d.Value()
				}
			}
		}
	}
	for _, tc := range []struct{ gifts sunshine.Inputs }{
		{group("lifeTablePresent", "pkIdEncryptions", id, "prepresentnums", "1")},                                                 // lists missing
		{group("lifeTablePresent", "pkIdEncryptions", "0000", "prepresentnums", "1", "prePhoneNos", "", "preAccountNumbers", "")}, // not offered
	} {
		_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "120", SessionID: sid,
			InputsList: append(people("13900139000"), tc.gifts), Order: order(nil)})
		assertFailure(t, err, failure.Refused, "400", "礼")
	}
	send(t, c, sunshine.RequestSpec{Transaction: "120", SessionID: sid, Order: order(nil), InputsList: append(people("13900139000"),
		group("lifeTablePresent", "pkIdEncryptions", id, "prepresentnums", "1", "prePhoneNos", "", "preAccountNumbers", ""))})
}
