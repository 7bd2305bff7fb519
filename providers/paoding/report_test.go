package paoding_test

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

func TestCatalogue(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	c := e.client()
	brands, raw, err := c.Brands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"brandId": "120"`) {
		t.Error("raw body is not the sandbox's answer")
	}
	if i := slices.IndexFunc(brands, func(b paoding.Brand) bool { return b.BrandID == 120 }); i < 0 || brands[i].BrandName != "宝骏" {
		t.Errorf("brand 120: %+v", brands)
	}
	all, _, err := c.BrandFactories(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	recent, _, err := c.BrandFactories(ctx, "2017-01-01 00:00:00")
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) == 0 || len(recent) >= len(all) {
		t.Errorf("since filter: %d of %d", len(recent), len(all))
	}
	for _, f := range recent {
		if f.LastModifyTime <= "2017-01-01 00:00:00" {
			t.Errorf("factory %d modified %s is not after the cut-off", f.BrandFactoryID, f.LastModifyTime)
		}
	}
	if q := e.requests(paoding.PathBrandFactoryList); q[1].Query.Get("lastModifyTime") != "2017-01-01 00:00:00" {
		t.Errorf("query: %v", q[1].Query)
	}
	f, _, err := c.BrandFactory(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	want := paoding.BrandFactory{BrandFactoryID: 20, BrandFactoryName: "上汽通用五菱", BrandID: 120, BrandName: "宝骏",
		Price: "29", NeedEngineNum: false, Usable: true, LastModifyTime: "2016-01-01 01:01:01"}
	if *f != want {
		t.Errorf("factory 20 = %+v", *f)
	}
	if cl := e.callsFor(paoding.OpBrandFactoryGet); cl[0].Keys["brandFactoryId"] != "20" {
		t.Errorf("keys: %v", cl[0].Keys)
	}
	_, _, err = c.BrandFactory(ctx, 999)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Code != "20010" || fe.ExitCode() != 4 || !strings.Contains(fe.Hint, "insure vin-report factories") {
		t.Errorf("unknown factory: %v", err)
	}
	if _, _, err := c.BrandFactories(ctx, "yesterday"); failure.KindOf(err) != failure.Usage {
		t.Errorf("bad since: %v", err)
	}
}

func TestBuyAndGetReport(t *testing.T) {
	e := newEnv(t, sandbox.Options{ReportDelay: 2 * time.Second})
	c := e.client()
	req := paoding.BuyRequest{BrandFactoryID: 31, VIN: "LSVAU2180N2183226", OrderID: "ORD-1", NotifyURL: "https://partner.example.com/notify"}
	res, _, err := c.BuyReport(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" || res.PlatformOrderNum != "20250310-0001" {
		t.Errorf("buy = %+v", res)
	}
	b := e.requests(paoding.PathReportBuy)[0]
	if b.Method != "POST" || !strings.HasPrefix(b.ContentType, "application/x-www-form-urlencoded") ||
		b.Form.Get("vin") != req.VIN || b.Form.Get("brandFactoryId") != "31" || b.Form.Get("orderId") != "ORD-1" ||
		b.Form.Get("notifyUrl") != req.NotifyURL || b.Form.Has("image") || b.Header.Get("Authorization-Token") == "" {
		t.Errorf("sandbox received %+v", b)
	}
	if cl := e.callsFor(paoding.OpReportBuy); cl[0].Keys["orderId"] != "ORD-1" || len(cl[0].Secrets) == 0 {
		t.Errorf("call: %+v", cl[0].Keys)
	}

	r, _, err := c.GetReport(ctx, "ORD-1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != paoding.StatusGenerating || r.Ready() {
		t.Errorf("before the delay: status %d", r.Status)
	}
	e.clock.Advance(2 * time.Second)
	r, _, err = c.GetReport(ctx, "ORD-1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != paoding.StatusFound || r.PlatformOrderID != "20250310-0001" || r.VIN != "LSVAU2180N2183226" || r.BrandFactory != "上汽大众" {
		t.Errorf("report header: %d %s %s %s", r.Status, r.PlatformOrderID, r.VIN, r.BrandFactory)
	}
	var bad []string
	for _, ch := range r.Checks() {
		if !ch.Known {
			t.Errorf("check %s has no verdict", ch.Field)
		}
		if !ch.Normal {
			bad = append(bad, ch.Field)
			if ch.Remark == "" {
				t.Errorf("abnormal %s without remark", ch.Field)
			}
		}
	}
	if len(bad) != 3 {
		t.Errorf("abnormal checks %v, want 3 for this VIN", bad)
	}
	if len(r.ResultDetails) < 3+len(bad) || r.LastTimeToShop != r.ResultDetails[len(r.ResultDetails)-1].Date || r.TotalMileage == "" {
		t.Errorf("details %d, last visit %s, mileage %s", len(r.ResultDetails), r.LastTimeToShop, r.TotalMileage)
	}
	if len(r.CarInfo) != 1 || r.CarInfo[0].ProductYear != "2022" || r.CarInfo[0].Brand != "大众" {
		t.Errorf("carInfo %+v", r.CarInfo)
	}
	cr := r.ClaimReport
	if cr == nil || cr.ClaimCount != "3" || len(cr.CarClaimRecords) != 3 || r.ClaimReportStatus == nil || *r.ClaimReportStatus != 0 {
		t.Fatalf("claims %+v", cr)
	}
	if paoding.FenToYuan(string(cr.ClaimMoney)) == string(cr.ClaimMoney) {
		t.Errorf("claim money %q is not a whole number of fen", cr.ClaimMoney)
	}
	if r.NumberOfAccidents != nil {
		t.Error("numberOfAccidents is documented as always null")
	}
	if cl := e.callsFor(paoding.OpReportGet); cl[0].Keys["orderId"] != "ORD-1" {
		t.Errorf("get keys %v", cl[0].Keys)
	}
}

func TestOutcomesByVIN(t *testing.T) {
	e := newEnv(t, sandbox.Options{ReportDelay: time.Second})
	c := e.client()
	orders := map[string]paoding.BuyRequest{
		"no-record": {BrandFactoryID: 20, VIN: "LZWADAGA5GB000010"},
		"failed":    {BrandFactoryID: 20, VIN: "LZWADAGA5GB000019"},
		"image":     {Image: "https://partner.example.com/licence/1.jpg"},
	}
	for id, req := range orders {
		req.OrderID, req.NotifyURL = id, "http://127.0.0.1:1/notify"
		if _, _, err := c.BuyReport(ctx, req); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	e.clock.Advance(time.Second)
	want := map[string]int{"no-record": 4, "failed": 3, "image": 2}
	for id, status := range want {
		r, _, err := c.GetReport(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if int(r.Status) != status {
			t.Errorf("%s: status %d, want %d", id, r.Status, status)
		}
	}
	r, _, _ := c.GetReport(ctx, "image")
	if r.VIN != sandbox.ImageVIN {
		t.Errorf("image order reports on %s", r.VIN)
	}
}

func TestBuyRefusals(t *testing.T) {
	e := newEnv(t, sandbox.Options{Balance: 100 * 100})
	c := e.client()
	base := func(mod func(*paoding.BuyRequest)) paoding.BuyRequest {
		r := paoding.BuyRequest{BrandFactoryID: 20, VIN: "LSVAU2180N2183294", NotifyURL: "https://p.example.com/n"}
		mod(&r)
		return r
	}
	if _, _, err := c.BuyReport(ctx, base(func(r *paoding.BuyRequest) { r.OrderID = "dup" })); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, code, hint string
		req              paoding.BuyRequest
	}{
		// The hint names the order itself, not a placeholder ORDER_ID.
		{"duplicate", "30020", "insure vin-report get dup`", base(func(r *paoding.BuyRequest) { r.OrderID = "dup" })},
		{"unknown factory", "20010", "insure vin-report factories", base(func(r *paoding.BuyRequest) { r.OrderID, r.BrandFactoryID = "a", 5 })},
		{"unusable", "30030", "", base(func(r *paoding.BuyRequest) { r.OrderID, r.BrandFactoryID = "b", sandbox.FactoryUnusable })},
		{"maintenance", "30040", "", base(func(r *paoding.BuyRequest) { r.OrderID, r.BrandFactoryID = "c", sandbox.FactoryMaintenance })},
		{"engine", "30070", "--engine", base(func(r *paoding.BuyRequest) { r.OrderID, r.BrandFactoryID = "d", 40 })},
		{"blurry", "30050", "", paoding.BuyRequest{Image: "https://p.example.com/blurry.jpg", OrderID: "e", NotifyURL: "https://p.example.com/n"}},
		// 29 (dup) + 59 + 29 > 100 yuan
		{"balance", "30010", "top up", base(func(r *paoding.BuyRequest) { r.OrderID, r.BrandFactoryID, r.EngineNum = "f", 40, "B48B20A12345" })},
	}
	for _, tt := range tests {
		if tt.name == "balance" {
			if _, _, err := c.BuyReport(ctx, base(func(r *paoding.BuyRequest) { r.OrderID, r.BrandFactoryID, r.EngineNum = "g", 40, "X1" })); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := c.BuyReport(ctx, tt.req)
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.Code != tt.code || fe.Kind != failure.Refused || !strings.Contains(fe.Hint, tt.hint) {
			t.Errorf("%s: err = %v (hint %q)", tt.name, err, hintOf(err))
		}
	}
	_, _, err := c.GetReport(ctx, "never-bought")
	if fe := asFailure(err); fe == nil || fe.Code != "30080" || fe.ExitCode() != 4 {
		t.Errorf("unknown order: %v", err)
	}
}

func TestQuotaIsRateLimit(t *testing.T) {
	e := newEnv(t, sandbox.Options{Quotas: map[string]int{paoding.OpBrandList: 2}})
	c := e.client()
	for range 2 {
		if _, _, err := c.Brands(ctx); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := c.Brands(ctx)
	fe := asFailure(err)
	if fe == nil || fe.Code != "10040" || fe.ExitCode() != 7 || !strings.Contains(fe.Message, "brand.list") || !strings.Contains(fe.Hint, "500") {
		t.Fatalf("err = %v", err)
	}
	e.clock.Advance(24 * time.Hour)
	if _, _, err := c.Brands(ctx); err != nil {
		t.Errorf("the quota did not reset the next day: %v", err)
	}
}

func asFailure(err error) *failure.Error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}

func hintOf(err error) string {
	if fe := asFailure(err); fe != nil {
		return fe.Hint
	}
	return ""
}

// The example request file must stay valid and keep producing a report
// with abnormal checks and claims, as its README says.
func TestExampleBuyFile(t *testing.T) {
	raw, err := os.ReadFile("../../examples/paoding/buy.json")
	if err != nil {
		t.Fatal(err)
	}
	var req paoding.BuyRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, sandbox.Options{ReportDelay: time.Second})
	c := e.client()
	f, _, err := c.BrandFactory(ctx, req.BrandFactoryID)
	if err != nil {
		t.Fatal(err)
	}
	if err := req.Validate(f); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.BuyReport(ctx, req); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	r, _, err := c.GetReport(ctx, req.OrderID)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, ch := range r.Checks() {
		if !ch.Normal {
			bad = append(bad, ch.Field)
		}
	}
	want := []string{"structureIsNormal", "appearanceSheetMetalIsNormal", "burnIsNormal"}
	if !slices.Equal(bad, want) || len(r.ResultDetails) != 6 || r.ClaimReport == nil || len(r.ClaimReport.CarClaimRecords) != 3 {
		t.Errorf("abnormal %v, %d visits, claims %+v", bad, len(r.ResultDetails), r.ClaimReport)
	}
}

// engineNum goes with vin only: an order by licence photo that names an
// engine number is refused before sending, naming the field.
func TestImageOrderWithEngineNumIsRefusedBeforeSending(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{Image: "https://p.example.com/a.jpg", EngineNum: "2192209",
		OrderID: "IMG-E1", NotifyURL: "https://p.example.com/n"})
	fe := asFailure(err)
	if fe == nil || fe.ExitCode() != 2 || len(fe.Fields) != 1 || fe.Fields[0].Field != "engineNum" || fe.Fields[0].Example == "" {
		t.Fatalf("err = %v", err)
	}
	if len(e.seen) != 0 {
		t.Errorf("%d requests sent", len(e.seen))
	}
}
