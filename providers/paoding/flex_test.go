package paoding_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
)

func TestFenToYuan(t *testing.T) {
	for in, want := range map[string]string{
		"12345": "123.45", "5": "0.05", "100": "1.00", "0": "0.00", "-250": "-2.50",
		"000120": "1.20", "": "", "12.5": "12.5", "abc": "abc",
	} {
		if got := paoding.FenToYuan(in); got != want {
			t.Errorf("FenToYuan(%q) = %q, want %q", in, got, want)
		}
	}
}

// The document's examples quote numbers its tables call integers; both
// spellings must decode to the same value.
func TestTolerantDecoding(t *testing.T) {
	var f struct {
		A, B, C, D paoding.Int
		E, F, G    paoding.Bool
		H, I       paoding.Text
		J, K       paoding.StringList
	}
	in := `{"A":"120","B":120,"C":null,"D":"2.0","E":1,"F":"true","G":false,"H":10000.00,"I":"x",
		"J":["u1","u2"],"K":"'u1','u2'"}`
	if err := json.Unmarshal([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	if f.A != 120 || f.B != 120 || f.C != 0 || f.D != 2 {
		t.Errorf("ints: %v %v %v %v", f.A, f.B, f.C, f.D)
	}
	if !f.E || !f.F || f.G {
		t.Errorf("bools: %v %v %v", f.E, f.F, f.G)
	}
	if f.H != "10000.00" || f.I != "x" {
		t.Errorf("texts: %q %q", f.H, f.I)
	}
	want := paoding.StringList{"u1", "u2"}
	if !reflect.DeepEqual(f.J, want) || !reflect.DeepEqual(f.K, want) {
		t.Errorf("lists: %q %q", f.J, f.K)
	}
	var bad paoding.Int
	if err := json.Unmarshal([]byte(`"twelve"`), &bad); err == nil {
		t.Error("a word decoded as an integer")
	}
}

func TestReportDecodesDocumentShapes(t *testing.T) {
	// Status quoted as in the document's example, carInfo as one object,
	// isAbnormal both as an integer and as a boolean.
	in := `{"status":"2","orderId":123,"brandFactoryId":"88","kilometerIsNormal":"0","kilometerRemark":"调表",
		"airbagIsNormal":1,"carInfo":{"vin":"LSVAU2180N2183294","brand":"大众"},
		"resultDetails":[{"date":"2015-03-24","kilometers":10000.5,"isAbnormal":1},{"isAbnormal":false}],
		"claimReport":{"claimCount":"1","carClaimRecords":[{"damageMoney":"12345","claimDetails":[{"itemAmount":"500"}]}]}}`
	var r paoding.Report
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != 2 || r.StatusText() != "found" || r.OrderID != "123" || r.BrandFactoryID != 88 {
		t.Errorf("header fields: %+v", r)
	}
	if len(r.CarInfo) != 1 || r.CarInfo[0].Brand != "大众" {
		t.Errorf("carInfo: %+v", r.CarInfo)
	}
	if !bool(r.ResultDetails[0].IsAbnormal) || bool(r.ResultDetails[1].IsAbnormal) || r.ResultDetails[0].Kilometers != "10000.5" {
		t.Errorf("details: %+v", r.ResultDetails)
	}
	checks := r.Checks()
	if len(checks) != 10 || checks[0].Field != "kilometerIsNormal" || checks[9].Field != "floodIsNormal" {
		t.Fatalf("checks: %+v", checks)
	}
	if checks[0].Normal || !checks[0].Known || checks[0].Remark != "调表" {
		t.Errorf("kilometer check: %+v", checks[0])
	}
	if !checks[1].Normal || !checks[1].Known || !checks[2].Normal || checks[2].Known {
		t.Errorf("airbag/engine checks: %+v %+v", checks[1], checks[2])
	}
	if got := paoding.FenToYuan(string(r.ClaimReport.CarClaimRecords[0].DamageMoney)); got != "123.45" {
		t.Errorf("damage = %s", got)
	}
}

func TestBuyRequestFromFile(t *testing.T) {
	for _, in := range []string{
		`{"brandFactoryId":31,"vin":"LSVAU2180N2183226","orderId":"o","notifyUrl":"http://h/n"}`,
		`{"brandFactoryId":"31","vin":"LSVAU2180N2183226","orderId":"o","notifyUrl":"http://h/n"}`,
	} {
		var r paoding.BuyRequest
		if err := json.Unmarshal([]byte(in), &r); err != nil {
			t.Fatal(err)
		}
		want := paoding.BuyRequest{BrandFactoryID: 31, VIN: "LSVAU2180N2183226", OrderID: "o", NotifyURL: "http://h/n"}
		if r != want {
			t.Errorf("%s decoded to %+v", in, r)
		}
	}
}
