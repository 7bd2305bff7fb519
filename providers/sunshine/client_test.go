package sunshine_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
	"github.com/insurekit/insure/providers/sunshine/sandbox/sandboxtest"
)

var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// platform is the sandbox on real HTTP, recording what it received
// (sandboxtest).
type platform struct{ *sandboxtest.Platform }

func newPlatform(t *testing.T) *platform { return &platform{sandboxtest.New(t, testNow)} }

func (p *platform) client(t *testing.T, mod ...func(*sunshine.Config)) *sunshine.Client {
	partner, plat := keys(t)
	cfg := sunshine.Config{
		BaseURL: p.URL + sandbox.Path, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: partner.priv, PlatformPublicKey: plat.pub,
		Now: func() time.Time { return testNow }, RetryDelay: -1,
	}
	for _, m := range mod {
		m(&cfg)
	}
	return sunshine.New(cfg)
}

func group(typ string, kv ...string) sunshine.Inputs {
	g := sunshine.Inputs{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		g.Inputs = append(g.Inputs, sunshine.Input{Name: kv[i], Value: kv[i+1]})
	}
	return g
}

func send(t *testing.T, c *sunshine.Client, spec sunshine.RequestSpec) *sunshine.Response {
	t.Helper()
	r, err := c.Send(context.Background(), spec)
	if err != nil {
		t.Fatalf("%s: %v", spec.Transaction, err)
	}
	return r
}

var vehicle = group("vehicleInfo", "vehicleFrameNo", "LSVAM4187C2184321", "engineNo", "184321", "vehicleId", "XDAAMD0068",
	"vehicleModelName", "", "firstRegisterDate", "2020-05-06", "seats", "5", "specialCarFlag", "0",
	"ownerName", "张三", "ownerIdNo", "440106198001011230", "packageType", "luxury")

// luxury is the luxury package as a whole 110 combination: every
// coverage, as the 110 tables require, and the other choices.
var luxury = []string{"packageType", "optional", "cov_200", "98800.00", "cov_600", "300000.00", "cov_701", "10000.00", "cov_702", "10000.00",
	"cov_500", "98800.00", "cov_231", "1", "cov_310", "0.00", "cov_210", "0.00", "cov_321", "0.00", "cov_911", "1", "cov_912", "1",
	"cov_928", "1", "cov_929", "1", "cov_921", "0", "cov_922", "0", "cov_291", "0", "cov_640", "0.00",
	"cov_734", "0", "cov_731", "0", "cov_732", "0", "cov_733", "0", "forceFlag", "1"}

// requote is a 110 of the luxury combination changed by kv.
func requote(kv ...string) []sunshine.Inputs {
	combo := append([]string{}, luxury...)
	for i := 0; i+1 < len(kv); i += 2 {
		found := false
		for j := 0; j+1 < len(combo); j += 2 {
			if combo[j] == kv[i] {
				combo[j+1], found = kv[i+1], true
			}
		}
		if !found {
			combo = append(combo, kv[i], kv[i+1])
		}
	}
	return []sunshine.Inputs{group("", combo...), group("immevalid", "isImmevalid", "0", "immeValidHoursStart", ""),
		group("runAreaType", "runArea", "04"), group("driverInfoFlag", "agreedDriver", "0")}
}

func people(applicantMobile string) []sunshine.Inputs {
	return []sunshine.Inputs{
		group("insuredInfo", "insuredName", "张三", "insuredIdNo", "440106198001011230", "insuredMobile", "13800138000", "insuredEmail", "zhang.san@example.com"),
		group("applicantInfo", "applicantName", "张三", "applicantIdNo", "440106198001011230", "applicantMobile", applicantMobile, "applicantEmail", "zhang.san@example.com"),
		group("ownerInfo", "ownerName", "张三", "ownerIdNo", "440106198001011230", "ownerMobile", "13800138000", "ownerEmail", "zhang.san@example.com"),
		group("deliverInfo", "addresseeName", "张三", "addresseeMobile", "13800138000", "sendDate", "2026-03-02", "addresseeProvince", "44",
			"addresseeCity", "4401", "addresseeTown", "440106", "addresseeDetails", "广州市天河区体育西路1号", "insuredaddresseeDetails", "广州市天河区体育西路1号"),
		group("CarThroughCity", "carPlace", "440100"),
	}
}

func order(proposals map[string]string) *sunshine.Order {
	return &sunshine.Order{TBOrderID: "TB2026030200001", SubOrders: []sunshine.SubOrder{
		{Type: "biz", TBOrderID: "TB2026030200002", ProposalNo: proposals["biz"], ItemID: sandbox.TestItemID},
		{Type: "force", TBOrderID: "TB2026030200003", ProposalNo: proposals["force"], ItemID: sandbox.TestItemID},
	}}
}

// start runs 100 and a full 105 and returns the SessionId.
func start(t *testing.T, c *sunshine.Client, city string) string {
	t.Helper()
	r := send(t, c, sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", city, "licenseNo", "粤A12345", "noLicenseFlag", "0", "ownerName", "张三", "ownerMobile", "13800138000", "agentCode", sandbox.TestAgentCode,
		"spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	sid := r.Header.SessionID
	send(t, c, sunshine.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sunshine.Inputs{vehicle}})
	return sid
}

func TestPurchaseFlow(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	partner, _ := keys(t)

	// 100: a new session and the vehicle form.
	r := send(t, c, sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", "08512200", "licenseNo", "粤A12345", "noLicenseFlag", "0", "ownerName", "张三", "ownerMobile", "13800138000", "agentCode", sandbox.TestAgentCode,
		"spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	sid := r.Header.SessionID
	if !r.NeedsInput() || len(sid) != 20 || r.TagsList[0].Tags[1].Key() != "vehicleFrameNo" {
		t.Fatalf("100: status %s session %q form %+v", r.Status, sid, r.TagsList)
	}
	got := p.Last()
	if err := sunshine.VerifyDocument(got, "Request", partner.pub); err != nil {
		t.Errorf("the platform received a request that does not verify: %v", err)
	}
	gbkName, _ := sunshine.EncodeGBK([]byte("张三"))
	if !bytes.Contains(got, gbkName) || !bytes.Contains(got, []byte("<SellerId>"+sandbox.TestSellerID+"</SellerId>")) ||
		!bytes.Contains(got, []byte("<SendTime>2026-03-02 10:00:00</SendTime>")) || !bytes.Contains(got, []byte("<InsureType>100</InsureType>")) {
		t.Errorf("request on the wire:\n%s", got)
	}

	// 105 with a missing ID number: a form for just that field.
	partial := sunshine.Inputs{Type: "vehicleInfo"}
	for _, in := range vehicle.Inputs {
		if in.Name != "ownerIdNo" {
			partial.Inputs = append(partial.Inputs, in)
		}
	}
	r = send(t, c, sunshine.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sunshine.Inputs{partial}})
	if !r.NeedsInput() || len(r.TagsList) != 1 || r.TagsList[0].Tags[0].Key() != "ownerIdNo" || r.Message() == "" {
		t.Fatalf("105 partial: %s %q %+v", r.Status, r.ErrorMessages, r.TagsList)
	}

	// 105: the luxury package, priced by the documented rules.
	r = send(t, c, sunshine.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sunshine.Inputs{vehicle}})
	prem := r.Premiums()
	if r.PackageType != "luxury" || prem["cov_200"] != 148200 || prem["cov_600"] != 135900 || prem["bizTotalPremium"] != 411975 ||
		prem["forceTotalPremium"] != 131000 || prem["totalPremium"] != 542975 || prem["standardPremium"] != 615676 {
		t.Fatalf("105 premiums: %v", prem)
	}

	// 110: an add-on without its coverage is sent back as a form.
	r = send(t, c, sunshine.RequestSpec{Transaction: "110", SessionID: sid, InputsList: requote("cov_500", "0.00", "cov_921", "1")})
	if !r.NeedsInput() || r.TagsList[0].Tags[0].Key() != "cov_921" {
		t.Fatalf("110 bad choice: %s %+v", r.Status, r.TagsList)
	}
	r = send(t, c, sunshine.RequestSpec{Transaction: "110", SessionID: sid, InputsList: requote("cov_600", "500000.00", "cov_500", "0.00")})
	if prem := r.Premiums(); prem["cov_600"] != 163100 || prem["cov_912"] != 24465 || prem["cov_500"] != 0 || prem["totalPremium"] != 524855 {
		t.Fatalf("110 premiums: %v", prem)
	}

	// 115: the package is kept, gifts offered.
	r = send(t, c, sunshine.RequestSpec{Transaction: "115", SessionID: sid, InputsList: []sunshine.Inputs{group("", "packageType", "optional")}})
	if p, _ := r.Premium("totalPremium"); p != 524855 {
		t.Errorf("115 total %d", p)
	}

	// 120: proposal numbers, no verification outside Beijing.
	r = send(t, c, sunshine.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people("13900139000"), Order: order(nil)})
	props := r.ProposalNos()
	if len(props) != 2 || !strings.HasPrefix(props["biz"], "T08510509") || !strings.HasPrefix(props["force"], "T08510507") || r.NeedsVerificationCode() {
		t.Fatalf("120: %v IsIdVerifi %q", props, r.IsIDVerify)
	}

	// 135 then 125: the amount to pay.
	send(t, c, sunshine.RequestSpec{Transaction: "135", SessionID: sid, InputsList: people("13900139000")[2:]})
	r = send(t, c, sunshine.RequestSpec{Transaction: "125", SessionID: sid, Order: order(props)})
	if r.Order.Premium != "524855" {
		t.Fatalf("125 order %+v", r.Order)
	}

	// 130: paid, issued.
	pay := &sunshine.Payment{TBOrderID: "TB2026030200001", PayOrderID: "2026030200001", CheckPayNo: "B5000M386466139260786",
		PayType: "01", PartnerID: "2088601078742391", PayTime: "2026-03-02 10:05:00", PayMoney: "524855", AccountDate: "2026-03-02"}
	paid := order(props)
	paid.Premium = "524855"
	for i := range paid.SubOrders {
		paid.SubOrders[i].ItemID = sandbox.TestItemID
		paid.SubOrders[i].Premium = map[string]string{"biz": "393855", "force": "131000"}[paid.SubOrders[i].Type]
	}
	r = send(t, c, sunshine.RequestSpec{Transaction: "130", SessionID: sid, Order: paid, Payment: pay})
	pols := r.PolicyNos()
	if pols["biz"] != "P"+props["biz"][1:] || pols["force"] != "P"+props["force"][1:] {
		t.Fatalf("130 policies %v", pols)
	}

	// Issuing again is out of order: refused (exit 4), naming the policies.
	pay.PayTime = "2026-03-02 10:06:00"
	_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "130", SessionID: sid, Order: paid, Payment: pay})
	assertFailure(t, err, failure.Refused, "400", pols["biz"])
}

func assertFailure(t *testing.T, err error, kind failure.Kind, code, inMessage string) *failure.Error {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want a *failure.Error, got %v", err)
	}
	if fe.Kind != kind || (code != "" && fe.Code != code) || !strings.Contains(fe.Error(), inMessage) {
		t.Fatalf("got kind %v code %q: %v (hint %q)", fe.Kind, fe.Code, fe, fe.Hint)
	}
	return fe
}

func TestBeijingVerificationCode(t *testing.T) {
	p := newPlatform(t)
	// A clock that moves: the second 125 must not be byte-identical to the
	// refused first one, or the platform would replay the refusal.
	now := testNow
	c := p.client(t, func(c *sunshine.Config) {
		c.Now = func() time.Time { now = now.Add(time.Second); return now }
	})
	sid := start(t, c, "01562800")
	r := send(t, c, sunshine.RequestSpec{Transaction: "120", SessionID: sid, InputsList: people("13912345678"), Order: order(nil)})
	if !r.NeedsVerificationCode() {
		t.Fatalf("Beijing 120 without IsIdVerifi=1: %q", r.IsIDVerify)
	}
	props := r.ProposalNos()
	_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "125", SessionID: sid, Order: order(props)})
	assertFailure(t, err, failure.Refused, "400", "127")

	if r := send(t, c, sunshine.RequestSpec{Transaction: "126", SessionID: sid}); r.ResponseCode != "success" {
		t.Errorf("126: %q", r.ResponseCode)
	}
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "127", SessionID: sid, IssueCode: "000000"})
	assertFailure(t, err, failure.Refused, "fail", "验证码错误")

	// The manual: success means done, anything else (no ResponseCode at
	// all too) is a failure. An answer without one was taken for success.
	_, plat := keys(t)
	p.Tamper(func(b []byte) []byte {
		signed, err := sunshine.SignDocument(regexp.MustCompile(`<ResponseCode>[^<]*</ResponseCode>`).ReplaceAll(b, nil), "Response", plat.priv)
		if err != nil {
			t.Fatal(err)
		}
		return signed
	})
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "126", SessionID: sid})
	assertFailure(t, err, failure.Refused, "", "no ResponseCode")
	p.Tamper(nil)

	send(t, c, sunshine.RequestSpec{Transaction: "127", SessionID: sid, IssueCode: "345678"})
	if r := send(t, c, sunshine.RequestSpec{Transaction: "125", SessionID: sid, Order: order(props)}); r.Order.Premium == "" {
		t.Errorf("125 after the code: %+v", r.Order)
	}
}

func TestRefusals(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)

	_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "105", SessionID: "20260302100000999999", InputsList: []sunshine.Inputs{vehicle}})
	fe := assertFailure(t, err, failure.Refused, "400", "SessionId")
	if !strings.Contains(fe.Hint, "20260302100000999999") {
		t.Errorf("hint %q", fe.Hint)
	}

	sid := start(t, c, "08512200")
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "130", SessionID: sid})
	assertFailure(t, err, failure.Refused, "400", "顺序")

	declined := sunshine.Inputs{Type: "vehicleInfo"}
	for _, in := range vehicle.Inputs {
		if in.Name == "vehicleFrameNo" {
			in.Value = "LSVAM4187C2100300"
		}
		declined.Inputs = append(declined.Inputs, in)
	}
	r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sunshine.Inputs{declined}})
	assertFailure(t, err, failure.Refused, "300", "不符合")
	if r == nil || r.Status != "300" {
		t.Errorf("the declined answer is not returned with the error: %+v", r)
	}
}

func TestSignatureFailures(t *testing.T) {
	p := newPlatform(t)
	partner, platformKeys := keys(t)
	spec := sunshine.RequestSpec{Transaction: "050"}

	// A partner key the platform does not know: exit 3.
	wrongKey := p.client(t, func(c *sunshine.Config) { c.PrivateKey = platformKeys.priv })
	_, err := wrongKey.Send(context.Background(), spec)
	assertFailure(t, err, failure.Auth, "400", "签名")

	// An answer that does not verify with the platform key: exit 6.
	wrongPub := p.client(t, func(c *sunshine.Config) { c.PlatformPublicKey = partner.pub })
	_, err = wrongPub.Send(context.Background(), spec)
	assertFailure(t, err, failure.Verification, "", "signature")

	p.Tamper(func(b []byte) []byte { return bytes.Replace(b, []byte("#ff8700"), []byte("#000000"), 1) })
	_, err = p.client(t).Send(context.Background(), spec)
	assertFailure(t, err, failure.Verification, "", "signature")

	// A refusal whose Sign is made up (as the manual's own 400 example's
	// is) still shows what it says, labelled as unverified: support staff
	// otherwise saw only the signature error.
	p.Tamper(nil)
	sid := start(t, p.client(t), "08512200")
	p.Tamper(func(b []byte) []byte {
		return regexp.MustCompile(`<Sign>[^<]*</Sign>`).ReplaceAll(b, []byte("<Sign>ddfhsdgdghdfgdhdsgdgdfdfgdfgfdfgdgdf</Sign>"))
	})
	_, err = p.client(t).Send(context.Background(), sunshine.RequestSpec{Transaction: "130", SessionID: sid})
	fe := assertFailure(t, err, failure.Verification, "", "signature does not verify")
	if !strings.Contains(fe.Message, `unverified, the answer reads status "400": `) || !strings.Contains(fe.Message, "顺序") {
		t.Errorf("the refusal's own words are not shown: %v", fe.Message)
	}

	// An HTML page is not an XML answer, whether or not signatures are
	// checked: it must not send anyone after their keys.
	p.Tamper(func([]byte) []byte { return []byte("<html>oops</html>") })
	_, err = p.client(t, func(c *sunshine.Config) { c.SkipVerify = true }).Send(context.Background(), spec)
	assertFailure(t, err, failure.Verification, "", "not an XML answer")
	_, err = p.client(t).Send(context.Background(), spec)
	assertFailure(t, err, failure.Verification, "", "not an XML answer from the platform (an HTML page)")
	if strings.Contains(err.Error(), "signature") {
		t.Errorf("an HTML page reported as a signature failure: %v", err)
	}
}
