package sandbox_test

import (
	"context"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	sun "github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The sandbox against the manual's tables and example answers, field by
// field: what a table marks not nullable is asked for, what its examples
// offer is taken, and the answers carry the groups the manual's do.

// must sends spec and fails the test on an error.
func must(t *testing.T, c *sun.Client, spec sun.RequestSpec) *sun.Response {
	t.Helper()
	r, err := c.Send(context.Background(), spec)
	if err != nil {
		t.Fatalf("%s: %v", spec.Transaction, err)
	}
	return r
}

// opened sends 100 for a car in city (a new one without plates when
// newCar) and returns the SessionId and the vehicle form.
func opened(t *testing.T, c *sun.Client, city string, newCar bool) (string, *sun.Response) {
	t.Helper()
	v := in("vehicleInfo", "cityCode", city, "noLicenseFlag", "1", "ownerName", "王五", "ownerMobile", "13800138000",
		"agentCode", sandbox.TestAgentCode, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)
	if !newCar {
		v = in("vehicleInfo", "cityCode", city, "noLicenseFlag", "0", "licenseNo", "粤A12345", "ownerName", "王五", "ownerMobile", "13800138000",
			"agentCode", sandbox.TestAgentCode, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)
	}
	r := must(t, c, sun.RequestSpec{Transaction: "100", InputsList: []sun.Inputs{v}})
	return r.Header.SessionID, r
}

// vehicle is a complete 105 vehicle group, with kv added or replacing.
func vehicle(kv ...string) sun.Inputs {
	base := []string{"vehicleFrameNo", "LSVAM4187C2184321", "engineNo", "E1", "vehicleId", "XDAAMD0068", "firstRegisterDate", "2025-12-01",
		"ownerName", "王五", "ownerIdNo", "440106198001011230", "specialCarFlag", "0", "packageType", "luxury"}
	for i := 0; i+1 < len(kv); i += 2 {
		if j := slices.Index(base, kv[i]); j >= 0 && j%2 == 0 {
			base[j+1] = kv[i+1]
		} else {
			base = append(base, kv[i], kv[i+1])
		}
	}
	return in("vehicleInfo", base...)
}

func keysOf(groups []sun.Tags) []string {
	var keys []string
	for _, g := range groups {
		for _, tg := range g.Tags {
			keys = append(keys, tg.Key())
		}
	}
	return keys
}

// manualAnswer reads one of the manual's example answers.
func manualAnswer(t *testing.T, file string) *sun.Response {
	t.Helper()
	raw, err := os.ReadFile("../testdata/manual/" + file)
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := sun.EncodeGBK(raw)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sun.ReadResponse(gbk)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sameGroups checks that every group of the manual's answers is in ours,
// with every control the manual's has. drop names controls the sandbox
// leaves out on purpose (see docs/providers/sunshine.md).
func sameGroups(t *testing.T, ours *sun.Response, drop []string, files ...string) {
	t.Helper()
	have := map[string][]string{}
	for _, g := range ours.TagsList {
		have[g.Type] = append(have[g.Type], keysOf([]sun.Tags{g})...)
	}
	for _, f := range files {
		for _, g := range manualAnswer(t, f).TagsList {
			got, ok := have[g.Type]
			if !ok {
				t.Errorf("%s: our answer has no %s group (ours: %v)", f, g.Type, slices.Sorted(maps.Keys(have)))
				continue
			}
			for _, k := range keysOf([]sun.Tags{g}) {
				if !slices.Contains(got, k) && !slices.Contains(drop, k) {
					t.Errorf("%s: our %s group lacks %q", f, g.Type, k)
				}
			}
		}
	}
}

// A priced 105 answers with every group and control of the manual's two
// 105 answers (before and after the 2015 reform), cov_390 aside: the
// reform removed it. So does a 110 with the manual's 110 answers, and a
// 115 with the manual's 115 answer (isShowCarPlace).
func TestAnswersHaveTheManualsGroups(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	sid, _ := opened(t, c, "08512200", false)
	r := must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle()}})
	sameGroups(t, r, []string{"cov_390"}, "105-response-before-reform.xml", "105-response-after-reform.xml")

	r = must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: combination()})
	if r.Status != "100" {
		t.Fatalf("110: %s %s", r.Status, r.Message())
	}
	sameGroups(t, r, []string{"cov_390"}, "110-response-before-reform.xml", "110-response-after-reform.xml")

	r = must(t, c, sun.RequestSpec{Transaction: "115", SessionID: sid, InputsList: []sun.Inputs{in("", "packageType", "optional")}})
	sameGroups(t, r, nil, "115-response.xml")
}

// combination is a whole 110 (every coverage, forceFlag and the other
// choices the 110 tables require), the luxury package changed by kv.
func combination(kv ...string) []sun.Inputs {
	combo := []string{"packageType", "optional", "cov_200", "98800.00", "cov_600", "300000.00", "cov_701", "10000.00", "cov_702", "10000.00",
		"cov_500", "98800.00", "cov_231", "1", "cov_310", "0.00", "cov_210", "0.00", "cov_321", "0.00", "cov_911", "1", "cov_912", "1",
		"cov_928", "1", "cov_929", "1", "cov_921", "0", "cov_922", "0", "cov_291", "0", "cov_640", "0.00",
		"cov_734", "0", "cov_731", "", "cov_732", "", "cov_733", "0", "forceFlag", "1"}
	choices := map[string]string{"isImmevalid": "0", "immeValidHoursStart": "", "runArea": "04", "agreedDriver": "0"}
	for i := 0; i+1 < len(kv); i += 2 {
		if _, ok := choices[kv[i]]; ok {
			choices[kv[i]] = kv[i+1]
		} else if j := slices.Index(combo, kv[i]); j >= 0 {
			combo[j+1] = kv[i+1]
		}
	}
	return []sun.Inputs{in("", combo...), in("immevalid", "isImmevalid", choices["isImmevalid"], "immeValidHoursStart", choices["immeValidHoursStart"]),
		in("runAreaType", "runArea", choices["runArea"]), in("driverInfoFlag", "agreedDriver", choices["agreedDriver"])}
}

// Every option the manual's quote answers offer is taken in a 110: the
// seat limits of 30k and 40k, distress cover up to a million, and the
// coverages the reform added (cov_733, cov_734 sized by cov_731 and
// cov_732), as in the manual's 110 example after the reform. Only the
// options that follow the vehicle (its value, the repair shop rate)
// differ, as the manual's vehicle is not the sandbox's.
func TestRequoteTakesTheManualsOptions(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	manual := map[string][]string{}
	for _, f := range []string{"105-response-before-reform.xml", "105-response-after-reform.xml", "110-response-after-reform.xml"} {
		for _, g := range manualAnswer(t, f).TagsList {
			for _, tg := range g.Tags {
				if strings.HasPrefix(tg.Key(), "cov_") && tg.Type() == "select" {
					for _, op := range tg.Options() {
						manual[tg.Key()] = append(manual[tg.Key()], op.Value)
					}
				}
			}
		}
	}
	// Leaving a coverage out leaves out the waivers and add-ons on it.
	dependants := map[string][]string{"cov_200": {"cov_231", "cov_911", "cov_210"}, "cov_600": {"cov_912"}, "cov_701": {"cov_928"}, "cov_702": {"cov_929"}}
	sid, _ := opened(t, c, "08512200", false)
	must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle()}})
	n := 0
	for _, key := range slices.Sorted(maps.Keys(manual)) {
		for _, v := range manual[key] {
			if key == "cov_390" || key == "cov_321" || (v != "0.00" && (key == "cov_200" || key == "cov_500" || key == "cov_310")) {
				continue // removed by the reform, or follows the vehicle
			}
			// The scratches waiver needs scratches cover, which luxury lacks.
			kv := []string{"cov_210", "2000.00", key, v}
			if f, _ := strconv.ParseFloat(v, 64); f == 0 {
				for _, d := range dependants[key] {
					kv = append(kv, d, "0")
				}
			}
			r := must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: combination(kv...)})
			if r.Status != "100" {
				t.Errorf("110 with %s=%s: %s %s", key, v, r.Status, r.Message())
			}
			n++
		}
	}
	if n < 40 {
		t.Fatalf("only %d options tried", n)
	}

	// The reform's coverages, sized as in the manual's example.
	r := must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: combination(
		"cov_734", "1", "cov_731", "500", "cov_732", "90", "cov_733", "1", "cov_640", "1000000.00", "cov_702", "40000.00")})
	prem := r.Premiums()
	if r.Status != "100" || prem["cov_734"] != 360000 || prem["cov_733"] != 3705 || prem["cov_640"] != 800000 {
		t.Fatalf("110: %s %s %v", r.Status, r.Message(), prem)
	}
	// Out of the table's ranges: asked again, alone.
	r = must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: combination("cov_734", "1", "cov_731", "501", "cov_732", "91")})
	if !r.NeedsInput() || strings.Join(keysOf(r.TagsList), ",") != "cov_731,cov_732" {
		t.Fatalf("110 out of range: %s %v", r.Status, keysOf(r.TagsList))
	}
}

// The 110 tables mark every coverage, forceFlag, isImmevalid, runArea and
// agreedDriver not nullable: a 110 naming only what changes is sent back
// as a form asking for the rest; a choice outside its options too. The
// choices taken are shown by the answers after it.
func TestRequoteNeedsTheWholeCombination(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	sid, _ := opened(t, c, "08512200", false)
	must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle()}})

	r := must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: []sun.Inputs{in("", "packageType", "optional", "cov_600", "500000.00")}})
	asked := keysOf(r.TagsList)
	if !r.NeedsInput() || slices.Contains(asked, "cov_600") || slices.Contains(asked, "cov_731") {
		t.Fatalf("110 with one coverage: %s %v", r.Status, asked)
	}
	for _, k := range []string{"cov_200", "cov_500", "cov_733", "cov_734", "forceFlag", "isImmevalid", "runArea", "agreedDriver"} {
		if !slices.Contains(asked, k) {
			t.Errorf("110 with one coverage: %s not asked (%v)", k, asked)
		}
	}

	r = must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: combination("runArea", "05", "agreedDriver", "")})
	if !r.NeedsInput() || strings.Join(keysOf(r.TagsList), ",") != "runArea,agreedDriver" || r.TagsList[0].Type != "runAreaType" {
		t.Fatalf("110 with a bad area and no driver choice: %s %+v", r.Status, r.TagsList)
	}

	list := append(combination("runArea", "03", "agreedDriver", "1"), in("driverInfo", "driverName", "李四", "driverNum", "440106198502023456", "drivateDate", "2011-01-01"))
	r = must(t, c, sun.RequestSpec{Transaction: "110", SessionID: sid, InputsList: list})
	values := map[string]string{}
	for _, g := range r.TagsList {
		for _, tg := range g.Tags {
			if _, seen := values[tg.Key()]; !seen {
				values[tg.Key()] = tg.Value()
			}
		}
	}
	if r.Status != "100" || values["runArea"] != "03" || values["agreedDriver"] != "1" || values["driverName"] != "李四" {
		t.Fatalf("110 with choices: %s %v", r.Status, values)
	}
}

// The 105 table marks the new-car invoice (number and date) not nullable
// for Beijing's new cars: the 100 form asks for it, a 105 without it gets
// a form for it. A new car elsewhere needs none. And a new car's first
// registration is within the last year.
func TestNewCarRules(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	sid, form := opened(t, c, "01562800", true)
	if keys := keysOf(form.TagsList); !slices.Contains(keys, "vehicleInvoiceNo") || !slices.Contains(keys, "vehicleInvoiceDate") {
		t.Errorf("Beijing new car's vehicle form: %v", keys)
	}
	r := must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle()}})
	if !r.NeedsInput() || strings.Join(keysOf(r.TagsList), ",") != "vehicleInvoiceNo,vehicleInvoiceDate" {
		t.Fatalf("Beijing new car without the invoice: %s %v", r.Status, keysOf(r.TagsList))
	}
	r = must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("vehicleInvoiceNo", "01234567", "vehicleInvoiceDate", "2025-11-30")}})
	if r.Status != "100" {
		t.Fatalf("Beijing new car with the invoice: %s %s", r.Status, r.Message())
	}

	sid, form = opened(t, c, "08512200", true)
	if slices.Contains(keysOf(form.TagsList), "vehicleInvoiceNo") {
		t.Errorf("a new car outside Beijing is asked for the invoice")
	}
	r = must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("firstRegisterDate", "2025-03-01")}})
	if !r.NeedsInput() || strings.Join(keysOf(r.TagsList), ",") != "firstRegisterDate" {
		t.Fatalf("a new car registered over a year ago: %s %v", r.Status, keysOf(r.TagsList))
	}
	if r = must(t, c, sun.RequestSpec{Transaction: "105", SessionID: sid, InputsList: []sun.Inputs{vehicle("firstRegisterDate", "2025-03-02")}}); r.Status != "100" {
		t.Fatalf("a new car registered a year ago today: %s %s", r.Status, r.Message())
	}
}
