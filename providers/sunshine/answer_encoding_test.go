package sunshine_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// A platform that writes its answer in UTF-8 under the manual's GBK
// declaration (a servlet whose response charset was never set) is read
// as the UTF-8 it is, not shown as garbled text; the signature is still
// checked on the bytes received.
func TestAnswerInUTF8UnderAGBKDeclarationIsReadable(t *testing.T) {
	p := newPlatform(t)
	_, plat := keys(t)
	p.Tamper(func(b []byte) []byte {
		utf8Doc, err := sunshine.DecodeGBK(b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(utf8Doc, []byte(`encoding="GBK"`)) {
			t.Fatalf("the answer no longer declares GBK:\n%s", utf8Doc)
		}
		signed, err := sunshine.SignDocument(utf8Doc, "Response", plat.priv)
		if err != nil {
			t.Fatal(err)
		}
		return signed
	})
	c := p.client(t)
	r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", "08512200", "licenseNo", "粤A12345", "noLicenseFlag", "0", "ownerName", "张三", "ownerMobile", "13800138000", "agentCode", sandbox.TestAgentCode,
		"spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, g := range r.TagsList {
		for _, tag := range g.Tags {
			labels = append(labels, tag.Label())
		}
	}
	if got := strings.Join(labels, " "); !strings.Contains(got, "车架号") || !strings.Contains(got, "发动机号") || !bytes.Contains(r.UTF8, []byte("身份证号码")) {
		t.Fatalf("labels %q", got)
	}

	// Changed after signing, the same UTF-8 answer fails verification.
	p.Tamper(func(b []byte) []byte {
		utf8Doc, _ := sunshine.DecodeGBK(b)
		signed, _ := sunshine.SignDocument(utf8Doc, "Response", plat.priv)
		return bytes.Replace(signed, []byte("车架号"), []byte("车牌号"), 1)
	})
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", "08512200", "licenseNo", "粤A12346", "noLicenseFlag", "0", "ownerName", "张三", "ownerMobile", "13800138000", "agentCode", sandbox.TestAgentCode,
		"spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	assertFailure(t, err, failure.Verification, "", "signature does not verify")
}
