package sunshine_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
)

// manualGBK reads a manual example (stored as UTF-8 for review) and
// encodes it to GBK, as it travels.
func manualGBK(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "manual", name))
	if err != nil {
		t.Fatal(err)
	}
	g, err := sunshine.EncodeGBK(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return g
}

func TestManualResponses(t *testing.T) {
	tests := []struct {
		file   string
		txn    string
		status string
		groups int
		check  func(t *testing.T, r *sunshine.Response)
	}{
		{"050-response.xml", "050", "100", 1, func(t *testing.T, r *sunshine.Response) {
			tag := r.TagsList[0].Tags[0]
			if r.TagsList[0].Type != "cssArray" || tag.Key() != "background" || tag.Value() != "#ff8700" {
				t.Errorf("colours: %+v", r.TagsList[0])
			}
			if r.Header.Version != "2" {
				t.Errorf("lower-case <version> not read: %q", r.Header.Version)
			}
		}},
		{"095-response-200.xml", "095", "200", 1, func(t *testing.T, r *sunshine.Response) {
			if !r.NeedsInput() || r.TagsList[0].Tags[1].Key() != "engineNo" || r.TagsList[0].Tags[1].Label() != "发动机号" {
				t.Errorf("form: %+v", r.TagsList)
			}
		}},
		{"100-response-200.xml", "100", "200", 1, func(t *testing.T, r *sunshine.Response) {
			tags := r.TagsList[0].Tags
			if tags[0].Label() != "是否使用OCR" {
				t.Errorf("wrapped label not trimmed: %q", tags[0].Label())
			}
			seats := tags[5]
			if seats.Key() != "seats" || len(seats.Options()) != 10 || seats.Options()[0] != (sunshine.Option{Label: "2", Value: "2"}) {
				t.Errorf("seats: %+v", seats.Options())
			}
			if !strings.Contains(tags[2].Get("dataUrl"), "netVehicleModel.action") {
				t.Errorf("CDATA dataUrl: %q", tags[2].Get("dataUrl"))
			}
		}},
		{"100-response-400.xml", "100", "400", 0, func(t *testing.T, r *sunshine.Response) {
			if len(r.ErrorMessages) != 1 || !strings.Contains(r.ErrorMessages[0], "投保不成功") {
				t.Errorf("ErrorMessages: %q", r.ErrorMessages)
			}
			if r.Header.From != "2051078519" || r.Header.To != "taobao" {
				t.Errorf("From/To: %+v", r.Header)
			}
		}},
		{"105-response-before-reform.xml", "105", "100", 10, func(t *testing.T, r *sunshine.Response) {
			if r.PackageType != "luxury" {
				t.Errorf("packageType %q", r.PackageType)
			}
			p := r.Premiums()
			if p["cov_200"] != 145736 || p["totalPremium"] != 460909 || p["forcePremium"] != 95000 {
				t.Errorf("premiums: %v", p)
			}
		}},
		{"105-response-after-reform.xml", "105", "100", 11, func(t *testing.T, r *sunshine.Response) {
			if p, _ := r.Premium("totalPremium"); p != 445604 {
				t.Errorf("totalPremium %d", p)
			}
		}},
		{"110-response-before-reform.xml", "110", "100", 5, func(t *testing.T, r *sunshine.Response) {
			if p, _ := r.Premium("totalPremium"); p != 470928 || r.PackageType != "optional" {
				t.Errorf("totalPremium %d, package %q", p, r.PackageType)
			}
		}},
		{"110-response-after-reform.xml", "110", "100", 5, func(t *testing.T, r *sunshine.Response) {
			if p, _ := r.Premium("totalPremium"); p != 1587091 {
				t.Errorf("totalPremium %d", p)
			}
		}},
		{"115-response.xml", "115", "100", 8, func(t *testing.T, r *sunshine.Response) {
			var gifts sunshine.Tags
			for _, g := range r.TagsList {
				if g.Type == "lifeTablePresents" {
					gifts = g
				}
				for _, tag := range g.Tags {
					if strings.HasPrefix(tag.Key(), "isShowCarPlace") && tag.Key() != "isShowCarPlace" {
						t.Errorf("wrapped key not trimmed: %q", tag.Key())
					}
				}
			}
			if len(gifts.Extra) != 2 || gifts.Extra[0].Name != "AvailableCost" || gifts.Extra[0].Value() != "600.0" ||
				gifts.Extra[1].Child("Definition") == nil {
				t.Errorf("unknown gift elements not kept: %+v", gifts.Extra)
			}
		}},
		{"120-response.xml", "120", "100", 1, func(t *testing.T, r *sunshine.Response) {
			want := map[string]string{"biz": "T085105092015000115", "force": "T085105072015000113"}
			if !reflect.DeepEqual(r.ProposalNos(), want) || !r.NeedsVerificationCode() {
				t.Errorf("proposals %v, IsIdVerifi %q", r.ProposalNos(), r.IsIDVerify)
			}
		}},
		{"125-response.xml", "125", "100", 1, func(t *testing.T, r *sunshine.Response) {
			if r.Order.Premium != "315024" || r.Order.PayNo == nil || r.Order.SubOrders[0].Premium != "220024" {
				t.Errorf("order: %+v", r.Order)
			}
		}},
		{"126-response.xml", "126", "100", 0, func(t *testing.T, r *sunshine.Response) {
			if r.ResponseCode != "success" || r.ResponseMessage != "失败原因" {
				t.Errorf("code %q message %q", r.ResponseCode, r.ResponseMessage)
			}
		}},
		{"127-response.xml", "126", "100", 0, nil}, // the manual reuses the 126 answer
		{"130-response.xml", "130", "2", 0, func(t *testing.T, r *sunshine.Response) {
			want := map[string]string{"biz": "8828900000144888", "force": "8828900000144889"}
			if !reflect.DeepEqual(r.PolicyNos(), want) {
				t.Errorf("policies %v", r.PolicyNos())
			}
		}},
		{"135-response-100.xml", "135", "100", 0, nil},
		{"135-response-400.xml", "135", "400", 0, func(t *testing.T, r *sunshine.Response) {
			if r.Message() != "亲，您选择的配送信息修改失败了!!!" {
				t.Errorf("message %q", r.Message())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := manualGBK(t, tt.file)
			r, err := sunshine.ReadResponse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if r.Header.RequestType != tt.txn || r.Status != tt.status || len(r.TagsList) != tt.groups {
				t.Errorf("got txn %q status %q groups %d", r.Header.RequestType, r.Status, len(r.TagsList))
			}
			if r.Sign == "" && tt.file != "130-response.xml" {
				t.Errorf("no Sign read")
			}
			if !bytes.Equal(r.Raw, raw) || !strings.Contains(string(r.UTF8), "PackageList") {
				t.Errorf("Raw/UTF8 not kept")
			}
			if tt.check != nil {
				tt.check(t, r)
			}
			roundTrip(t, raw)
		})
	}
}

// roundTrip writes a parsed envelope back and reads it again: nothing the
// typed view or its Extra fields hold may be lost.
func roundTrip(t *testing.T, raw []byte) {
	t.Helper()
	env, err := sunshine.ParseEnvelope(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := env.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := sunshine.ParseEnvelope(out)
	if err != nil {
		t.Fatalf("reading our own output: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(env, again) {
		t.Errorf("round trip changed the envelope\nbefore %+v\nafter  %+v", env, again)
	}
}

func TestManualRequests(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "manual", "*-request*.xml"))
	if len(files) != 13 {
		t.Fatalf("%d request examples", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			raw := manualGBK(t, name)
			env, err := sunshine.ParseEnvelope(raw)
			if err != nil {
				t.Fatal(err)
			}
			p := env.Packages[0]
			if p.Request == nil || !strings.HasPrefix(p.Header.RequestType, name[:3]) {
				t.Fatalf("package %+v", p)
			}
			if _, err := sunshine.CanonicalElement(raw, "Request"); err != nil {
				t.Error(err)
			}
			roundTrip(t, raw)
		})
	}
	// The manual's slips are forgiven in predictable ways.
	env, _ := sunshine.ParseEnvelope(manualGBK(t, "135-request.xml"))
	if v, _ := env.Packages[0].Request.Input("addresseeName"); v != "日日通" {
		t.Errorf("135 (missing </InputsList>): %q", v)
	}
	env, _ = sunshine.ParseEnvelope(manualGBK(t, "130-request.xml"))
	if r := env.Packages[0].Request; r.Payment.PayMoney != "1000000" || len(r.Order.SubOrders) != 2 {
		t.Errorf("130 payment/order: %+v %+v", r.Payment, r.Order)
	}
	env, _ = sunshine.ParseEnvelope(manualGBK(t, "127-request.xml"))
	if env.Packages[0].Request.IssueCode != "14658" {
		t.Errorf("IssueCode %q", env.Packages[0].Request.IssueCode)
	}
}

func TestTolerantReading(t *testing.T) {
	doc := `<?xml version="1.0" encoding="GBK"?>
<PackageList>
 <Package><Header><Version>2</Version><RequestType>105</RequestType><Status>300</Status>
   <ErrorMessages><ErrorMessage>一</ErrorMessage><ErrorMessage>二</ErrorMessage></ErrorMessages>
   <NewField>x</NewField></Header><Sign>a</Sign><Response><Surprise a="b">y</Surprise></Response></Package>
 <Package><Header><version>2</version><RequestType>105</RequestType><Status>100</Status></Header><Sign>b</Sign><Response/></Package>
</PackageList>`
	raw, _ := sunshine.EncodeGBK([]byte(doc))
	r, err := sunshine.ReadResponse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Packages) != 2 || r.Packages[1].Header.Version != "2" {
		t.Errorf("packages: %+v", r.Packages)
	}
	if !reflect.DeepEqual(r.ErrorMessages, []string{"一", "二"}) {
		t.Errorf("messages %q", r.ErrorMessages)
	}
	if len(r.Header.Extra) != 1 || r.Header.Extra[0].Name != "NewField" || len(r.Extra) != 1 || r.Extra[0].Attr("a") != "b" {
		t.Errorf("unknown elements lost: %+v %+v", r.Header.Extra, r.Extra)
	}
	roundTrip(t, raw)

	if _, err := sunshine.ReadResponse([]byte("<html>502 Bad Gateway</html>")); err == nil {
		t.Error("an HTML page was read as an envelope")
	}
}

// An element holding both text and elements (found by FuzzParseEnvelope,
// testdata/fuzz/FuzzParseEnvelope/9434a723fde17155) keeps its text when
// the envelope is written back.
func TestMixedContentSurvivesRoundTrip(t *testing.T) {
	for _, raw := range []string{
		"<PACkAge><A>0<A>",
		"<PackageList><Package><Header/><Unknown>note<B>1</B> tail<C><D>x</D></C></Unknown></Package></PackageList>",
	} {
		roundTrip(t, []byte(raw))
	}
}
