package paoding_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
)

// paodingSeeds are the answers of the paoding document's examples, as
// written there (the report example is not even JSON), plus a full report
// in the shape of the document's tables.
var paodingSeeds = []string{
	`{"code":"10000","remark":"成功","data":{"token":"ABC","refreshToken":"DEF","effectiveDuration":"120"}}`,
	`{"code":"10020","remark":"账户错误","data":{}}`,
	`{"code":"10000","remark":"成功","data":{"refreshToken":"DEF","effectiveDuration":"120"}}`,
	`{"code":"10030","remark":"未授权","data":{}}`,
	`{"code":"10010","remark":"参数错误","data":{}}`,
	`{"code":"10000","remark":"成功","data":[{"brandId":"120","brandName":"宝骏","remark":"","lastModifyTime":"2016-01-01 01:01:01"}]}`,
	`{"code":"10000","remark":"成功","data":[{"brandFactoryId":"20","brandFactoryName":"上汽通用五菱","brandId":"120","brandName":"宝骏","price":"29","needEngineNum":false,"usable":true,"lastModifyTime":"2016-01-01 01:01:01","remark":""}]}`,
	`{"code":"10000","remark":"成功","data":{"brandFactoryId":"20","brandFactoryName":"上汽通用五菱","brandId":"120","brandName":"宝骏","price":"29","needEngineNum":"0","usable":"1","lastModifyTime":"2016-01-01 01:01:01"}}`,
	`{"code":"20010","remark":"品牌厂商不存在","data":{}}`,
	`{"code":"10000","remark":"成功","data":{"status":"success","remark":"购买成功","platformOrderNum":"20160912-0001"}}`,
	`{"code":"30020","remark":"订单号重复","data":{}}`,
	"{\n  \"code\": \"10000\",\n  \"remark\": \"成功\",\n  \"data\":\n    {\n      \"status\": \"30\",\n      \"orderId\": \"...\",\n      ....\n    }\n}",
	`{"code":"30080","remark":"订单号不存在","data":{}}`,
	`{"code":10000,"remark":null,"data":{"status":2,"orderId":"ORD-1","platformOrderId":"P-1","lastTimeToShop":"2019-05-01","totalMileage":"35210.5","numberOfAccidents":null,"brandFactoryId":"31","brandFactory":"上汽大众","resultDescription":"ok","resultImages":"'http://a/1.png','http://a/2.png'","createTime":"2025-03-10 10:00:00","finishTime":"2025-03-10 10:05:00","vin":"LSVAU2180N2183226","resultType":"2","resultDetails":[{"type":"保养","repairDate":"2019-05-01","mileage":"35210","content":"换机油","materials":["机油"]}],"kilometerIsNormal":1,"kilometerRemark":"","airbagIsNormal":"0","airbagRemark":"气囊更换","engineIsNormal":true,"structureIsNormal":1.0,"gearBoxIsNormal":null,"carInfo":{"vin":"LSVAU2180N2183226","brand":"大众"},"claimReportStatus":0,"claimReport":{"claimCount":"1","claimMoney":"123456","carClaimRecords":[{"dangerTime":"2018-01-01","damageMoney":"100","claimDetails":[{"itemName":"前杠","itemType":"换件","itemAmount":"5000"}]}]}}}`,
	`{"code":"10000","remark":"成功","data":{"status":"1","orderId":"ORD-1","resultImages":["a",1,null],"carInfo":[{"vin":"X"},{"vin":"Y"}]}}`,
	`{"code":"10000"}`, `{"code":""}`, `[]`, `null`, ``, `<html>502</html>`,
}

type fuzzTransport struct {
	status int
	body   []byte
}

func (f *fuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body := f.body
	status := f.status
	if r.URL.Path == paoding.PathTokenGenerate {
		status, body = 200, []byte(`{"code":"10000","remark":"成功","data":{"token":"tokFz-Gen-9Qw","refreshToken":"refFz-Gen-3Kx","effectiveDuration":"120"}}`)
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
}

const (
	fuzzPassword = "pwFz-7sL2-Qmx9"
	fuzzToken    = "tokFz-Cache-8Rv"
	fuzzRefresh  = "refFz-Cache-2Nd"
)

// FuzzClientAnswers sends every read and the purchase of the paoding client
// against an answer chosen by the fuzzer (status and body). Property: no
// panic; an error is always a *failure.Error (so it has its exit code)
// and never quotes the password or a token; what decodes survives a
// serialise -> parse -> serialise round trip unchanged.
func FuzzClientAnswers(f *testing.F) {
	for i, s := range paodingSeeds {
		f.Add(uint8(i%5), []byte(s))
	}
	f.Add(uint8(200), []byte(paodingSeeds[13]))
	f.Add(uint8(1), []byte(`{"code":"10000","data":{"status":"failed","remark":"余额不足"}}`))
	statuses := []int{200, 200, 201, 400, 401, 404, 403}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		status := statuses[int(op/5)%len(statuses)]
		tr := &fuzzTransport{status: status, body: body}
		tokens := &tokencache.Memory{}
		now := time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)
		_ = tokens.Save(context.Background(), &tokencache.Token{Value: fuzzToken, RefreshToken: fuzzRefresh, IssuedAt: now, ExpiresAt: now.Add(2 * time.Hour)})
		c := paoding.New(paoding.Config{BaseURL: "http://paoding.invalid", Username: "fuzz", Password: fuzzPassword,
			HTTP: &http.Client{Transport: tr}, Tokens: tokens, Now: func() time.Time { return now }})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var got any
		var err error
		switch op % 5 {
		case 0:
			got, _, err = c.Brands(ctx)
		case 1:
			got, _, err = c.BrandFactories(ctx, "")
		case 2:
			got, _, err = c.BrandFactory(ctx, 20)
		case 3:
			got, _, err = c.BuyReport(ctx, paoding.BuyRequest{BrandFactoryID: 31, VIN: "LSVAU2180N2183226", OrderID: "ORD-1", NotifyURL: "https://partner.example.com/notify"})
		case 4:
			var rep *paoding.Report
			rep, _, err = c.GetReport(ctx, "ORD-1")
			if rep != nil {
				_ = rep.Checks()
				_ = rep.StatusText()
				got = rep
			}
		}
		checkTyped(t, err, fuzzPassword, fuzzToken, fuzzRefresh, paoding.Sign("fuzz", fuzzPassword))
		if err == nil && got != nil {
			roundTrip(t, got)
		}
	})
}

func checkTyped(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	var fe *failure.Error
	if !errors.As(err, &fe) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	msg := err.Error() + " " + fe.Hint
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			t.Fatalf("error quotes a secret (%d characters)", len(s))
		}
	}
}

// roundTrip checks serialise -> parse -> serialise gives the same bytes:
// the typed view keeps everything it shows.
func roundTrip(t *testing.T, v any) {
	t.Helper()
	a, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("serialising %T: %v", v, err)
	}
	fresh := newOf(v)
	if err := json.Unmarshal(a, fresh); err != nil {
		t.Fatalf("parsing our own %T %s: %v", v, a, err)
	}
	b, err := json.Marshal(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("round trip changed %T\nfirst  %s\nsecond %s", v, a, b)
	}
}

func newOf(v any) any {
	switch v.(type) {
	case []paoding.Brand:
		return &[]paoding.Brand{}
	case []paoding.BrandFactory:
		return &[]paoding.BrandFactory{}
	case *paoding.BrandFactory:
		return &paoding.BrandFactory{}
	case *paoding.BuyResult:
		return &paoding.BuyResult{}
	case *paoding.Report:
		return &paoding.Report{}
	}
	panic("unexpected type")
}

// FuzzReportDecoding decodes arbitrary bytes as a report and its flexible
// fields directly. Property: no panic, and a decoded report survives a
// round trip.
func FuzzReportDecoding(f *testing.F) {
	for _, s := range paodingSeeds {
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal([]byte(s), &env) == nil && len(env.Data) > 0 {
			f.Add(string(env.Data))
		}
	}
	f.Add(`{"status":"1.0","resultImages":"a,'b',\"c\"","numberOfAccidents":"","resultType":"1e3"}`)
	f.Add(`{"status":1e300}`)
	f.Fuzz(func(t *testing.T, data string) {
		var r paoding.Report
		if json.Unmarshal([]byte(data), &r) == nil {
			_ = r.Checks()
			_ = r.Ready()
			roundTrip(t, &r)
		}
		var fl struct {
			T paoding.Text
			I paoding.Int
			B paoding.Bool
			L paoding.StringList
		}
		for _, k := range []string{"T", "I", "B", "L"} {
			_ = json.Unmarshal([]byte(`{"`+k+`":`+data+`}`), &fl)
		}
		_ = paoding.FenToYuan(data)
	})
}

// FuzzParseNotification feeds arbitrary notification requests (content
// type and body) to ParseNotification. Property: no panic; a refusal is a
// *failure.Error of kind Verification; an acceptance has all three fields.
func FuzzParseNotification(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "status=2&orderId=ORD-1&platformOrderId=20250310-0001")
	f.Add("application/x-www-form-urlencoded", "status=2&orderId=ORD-1")
	f.Add("multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n2\r\n--X\r\nContent-Disposition: form-data; name=\"orderId\"\r\n\r\nO\r\n--X\r\nContent-Disposition: form-data; name=\"platformOrderId\"\r\n\r\nP\r\n--X--\r\n")
	f.Add("multipart/form-data", "--X--")
	f.Add("application/json", `{"status":"2","orderId":"ORD-1","platformOrderId":"P"}`)
	f.Add("", "%zz=1")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/notify", strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		r.Header.Set("Content-Type", contentType)
		n, _, err := paoding.ParseNotification(r)
		if err != nil {
			if failure.KindOf(err) != failure.Verification {
				t.Fatalf("refusal of kind %v: %v", failure.KindOf(err), err)
			}
			return
		}
		if n.Status == "" || n.OrderID == "" || n.PlatformOrderID == "" {
			t.Fatalf("accepted an incomplete notification: %+v", n)
		}
		_ = n.StatusText()
	})
}
