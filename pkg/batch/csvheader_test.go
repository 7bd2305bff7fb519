package batch

import (
	"strings"
	"testing"
)

// Fields as renew and vin-report buy declare them (pkg/cmd/*/batch.go).
var (
	renewFields = []Field{
		{Names: []string{"plate", "LicenseNo"}, Example: `"京A12345"`},
		{Names: []string{"city", "CityCode"}, Example: `"北京"`},
		{Names: []string{"vin", "CarVin"}},
		{Names: []string{"engine", "EngineNo"}},
	}
	buyFields = []Field{
		{Names: []string{"vin"}, Example: `"LSVAU2180N2100035"`},
		{Names: []string{"engine", "engine_num", "engineNum"}},
		{Names: []string{"brand_factory", "brandFactory", "brand_factory_id", "brandFactoryId"}, Example: "20"},
		{Names: []string{"image"}},
		{Names: []string{"order_id", "orderId"}},
		{Names: []string{"notify_url", "notifyUrl"}},
	}
)

// readFor reads in as CSV for a command with fields h.
func readFor(t *testing.T, h header, in string) ([]*Record, error) {
	t.Helper()
	var recs []*Record
	err := read(strings.NewReader(in), FormatCSV, h, func(r *Record) bool { recs = append(recs, r); return true })
	return recs, err
}

// A spreadsheet's header (any case, spaces around, a byte order mark,
// full-width letters, the Chinese names the provider documents give) names
// the command's fields: its values were refused as unknown fields ("Plate",
// "车牌号") on every line, and nothing was sent.
func TestAHeaderNamesFieldsWhateverItsCaseOrLanguage(t *testing.T) {
	for _, c := range []struct {
		fields []Field
		in     string
		want   map[string]string
	}{
		{renewFields, "Plate,City\n京A12345,北京\n", map[string]string{"plate": "京A12345", "city": "北京"}},
		{renewFields, "\uFEFF PLATE , city \n京A12345,北京\n", map[string]string{"plate": "京A12345", "city": "北京"}},
		{renewFields, "\uFEFF车牌号,城市\n京A12345,北京\n", map[string]string{"plate": "京A12345", "city": "北京"}},
		{renewFields, "车牌,投保城市ID\n京A12345,1\n", map[string]string{"plate": "京A12345", "city": "1"}},
		{renewFields, " VIN ,发动机号,licenseno\nLSVAU2180N2100035,2192209,\n", map[string]string{"vin": "LSVAU2180N2100035", "engine": "2192209"}},
		{renewFields, "车架号,EngineNo\nLSVAU2180N2100035,2192209\n", map[string]string{"vin": "LSVAU2180N2100035", "EngineNo": "2192209"}},
		{buyFields, "ＶＩＮ码,品牌厂商 ID,订单号,Engine_Num\nLSVAU2180N2100035,20,A1,E1\n",
			map[string]string{"vin": "LSVAU2180N2100035", "brand_factory": "20", "order_id": "A1", "engine_num": "E1"}},
		{buyFields, "车辆识别代码,BrandFactoryID,订单ID,回调地址\nLSVAU2180N2100035,20,A1,http://n.example/\n",
			map[string]string{"vin": "LSVAU2180N2100035", "brandFactoryId": "20", "order_id": "A1", "notify_url": "http://n.example/"}},
	} {
		recs, err := readFor(t, header{fields: c.fields}, c.in)
		if err != nil || len(recs) != 1 || recs[0].Err != nil {
			t.Fatalf("%q: %v %+v", c.in, err, recs)
		}
		rec := recs[0]
		if err := rec.Known(c.fields...); err != nil {
			t.Errorf("%q: %v", c.in, err)
		}
		for k, v := range c.want {
			if got := rec.Str(k); got != v {
				t.Errorf("%q: %s = %q, want %q (fields %v)", c.in, k, got, v, rec.Fields)
			}
		}
		if len(rec.Fields) != len(c.want) {
			t.Errorf("%q: fields %v, want %v", c.in, rec.Fields, c.want)
		}
	}
	// One line is one request whatever its header's spelling: --resume
	// takes a renamed column's file for the same lines.
	a, _ := readFor(t, header{fields: renewFields}, "plate,city\n京A12345,北京\n")
	b, _ := readFor(t, header{fields: renewFields}, "车牌号,City\n京A12345,北京\n")
	if a[0].Hash != b[0].Hash {
		t.Errorf("hashes differ: %s %s", a[0].Body, b[0].Body)
	}
}

// Two columns that name one field by two of its names are each line's
// usage error (exit 2), naming both as written: one of the two values
// would be lost. (One name written twice, in any case, is the header's
// error: TestOneNameTwiceInAnyCaseRefusesTheInput, pkg/cmd/batchcmd.)
func TestTwoColumnsOfOneFieldAreRefusedNamingBoth(t *testing.T) {
	for in, want := range map[string]string{
		"车牌号,city,Plate\nA,C,B\n":  `the columns "车牌号" and "Plate" are two names of one field, plate`,
		"车牌,LicenseNo\nA,B\n":      `the columns "车牌" and "LicenseNo" are two names of one field, plate`,
		"城市,投保城市ID,plate\nA,B,C\n": `the columns "城市" and "投保城市ID" are two names of one field, city`,
	} {
		recs, err := readFor(t, header{fields: renewFields}, in)
		if err != nil || len(recs) != 1 {
			t.Fatalf("%q: %v", in, err)
		}
		err = recs[0].Known(renewFields...)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %s", in, err, want)
		}
	}
}

// An unknown column is each line's usage error, as before, naming it as
// written; a Chinese one lists the Chinese names taken, and a brand's name
// where the brand factory id is meant says which is which.
func TestAnUnknownColumnIsStillRefused(t *testing.T) {
	for _, c := range []struct {
		fields   []Field
		in, want string
		hint     []string
	}{
		{renewFields, "plate,color\nA,red\n", `unknown field "color"`, []string{"remove that column or rename it"}},
		{renewFields, "车号,地区\n京A12345,北京\n", `unknown field "车号"`, []string{"车牌号 or 车牌 for plate", "城市 or 投保城市 or 投保城市ID for city", "if the first line was data"}},
		{buyFields, "vin,品牌\nLSVAU2180N2100035,五菱\n", `unknown field "品牌"`, []string{"brand factory id (品牌厂商ID)", "insure vin-report factories", "--brand-factory"}},
		{buyFields, "vin,厂家\nLSVAU2180N2100035,上汽通用五菱\n", `unknown field "厂家"`, []string{"is a name"}},
	} {
		recs, err := readFor(t, header{fields: c.fields}, c.in)
		if err != nil || len(recs) != 1 {
			t.Fatalf("%q: %v", c.in, err)
		}
		err = recs[0].Known(c.fields...)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %s", c.in, err, c.want)
			continue
		}
		for _, h := range c.hint {
			if !strings.Contains(hintOf(err), h) {
				t.Errorf("%q: hint %q does not say %q", c.in, hintOf(err), h)
			}
		}
	}
}

// Messages about a row name its columns as the header writes them, and a
// Chinese header repeated (two exports joined) is still found.
func TestRowErrorsNameTheColumnsAsWritten(t *testing.T) {
	recs, err := readFor(t, header{fields: renewFields}, "车牌号,城市\n京A12345\n车牌号,城市\n")
	if err != nil || len(recs) != 2 {
		t.Fatalf("%v %+v", err, recs)
	}
	wantUsage(t, recs[0], 2, "no value for 城市", "(车牌号,城市)")
	wantUsage(t, recs[1], 3, "repeats the header row (车牌号,城市)")
	// Two exports joined, their headers spelt differently.
	recs, _ = readFor(t, header{fields: renewFields}, "plate,city\n京A12345,北京\n车牌,City\n")
	wantUsage(t, recs[1], 3, "repeats the header row (plate,city)")
}

// A request body's columns (quote, issue, api) match whatever their case;
// two columns standing for one member are refused with the header, as
// no line's check would find them; a column no member has is sent as it
// is, as before.
func TestABodysColumnsMatchWhateverTheirCase(t *testing.T) {
	h := header{columns: []string{"productId", "policyHolder.PH001", "policyHolder.PH013"}}
	recs, err := readFor(t, h, "ProductID, policyholder.ph013 ,Extra\nP1,13800000000,x\n")
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v %+v", err, recs)
	}
	wantRow(t, recs[0], 2, `{"Extra":"x","policyHolder":{"PH013":"13800000000"},"productId":"P1"}`)
	_, err = readFor(t, h, "productId,PRODUCTID\nP1,P2\n")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), `"productId" (column 1) and "PRODUCTID" (column 2), which both stand for "productId"`) {
		t.Errorf("%v", err)
	}
	// No Chinese names for a body: its members are the provider's codes.
	recs, _ = readFor(t, h, "车牌号\n京A12345\n")
	wantRow(t, recs[0], 2, `{"车牌号":"京A12345"}`)
}
