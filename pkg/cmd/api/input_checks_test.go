package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// gbk is "京" and "订单" in GBK: bytes that are not UTF-8, as a file
// saved by a Chinese-locale Windows editor holds them.
const gbkJing, gbkOrder = "\xbe\xa9", "\xb6\xa9\xb5\xa5"

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// fieldsOf returns the bad fields an exit-2 error lists, as -o json
// prints them.
func fieldsOf(t *testing.T, err error) []failure.FieldError {
	t.Helper()
	var doc struct {
		Error struct {
			Fields []failure.FieldError `json:"fields"`
		} `json:"error"`
	}
	if jerr := json.Unmarshal(cmdutil.ErrorJSON(err), &doc); jerr != nil {
		t.Fatalf("error JSON: %v", jerr)
	}
	return doc.Error.Fields
}

// A parameter file that is not UTF-8 (saved as GBK) is exit 2 naming -f
// with an iconv example, and nothing is sent: read anyway, its plate or
// order id went out as U+FFFD replacement characters, signed as such.
func TestParameterFileNotUTF8IsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw"
	for _, tc := range []struct {
		args  []string
		stdin string
		field string
	}{
		{args: []string{"paoding", "report.get", "-f", writeTemp(t, "gbk.json", `{"orderId":"`+gbkOrder+`1"}`)}, field: "-f "},
		{args: []string{"bihu", "renewal", "-f", "-"}, stdin: `{"LicenseNo":"` + gbkJing + `J97896","CityCode":"1"}`, field: "stdin (-f -)"},
		{args: []string{"bihu", "renewal", "-f", writeTemp(t, "gbk.yaml", "LicenseNo: "+gbkJing+"J97896\nCityCode: 1\n")}, field: "-f "},
	} {
		e.Reset()
		e.In.WriteString(tc.stdin)
		err := run(e, tc.args...)
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("%v: exit %d: %v\n%s", tc.args, cmdutil.ExitCode(err), err, e.Out)
		}
		fs := fieldsOf(t, err)
		if len(fs) != 1 || !strings.HasPrefix(fs[0].Field, tc.field) || !strings.Contains(fs[0].Rule, "not UTF-8") || !strings.Contains(fs[0].Example, "iconv -f GBK -t UTF-8") {
			t.Errorf("%v: fields %+v", tc.args, fs)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%v: a request was built: %s", tc.args, e.Out)
		}
	}
}

// A JSON parameter file that names a parameter twice is exit 2 naming it:
// encoding/json kept the last silently, so a report.buy went out for the
// second orderId, and a renewal for the second CityCode.
func TestParameterFileNamingOneParameterTwiceIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output, e.F.Globals.Yes = true, "raw", true
	for _, tc := range []struct {
		args  []string
		stdin string
		dup   string
	}{
		{args: []string{"paoding", "report.buy", "-f", writeTemp(t, "twice.json",
			`{"brandFactoryId":31,"vin":"LSVAU2180N2183226","orderId":"A-1","orderId":"A-2","notifyUrl":"http://127.0.0.1:8791/notify"}`)}, dup: "orderId"},
		{args: []string{"bihu", "renewal", "-f", "-"}, stdin: `{"LicenseNo":"京J97896","CityCode":"1","CityCode":"2"}`, dup: "CityCode"},
		{args: []string{"bihu", "login", "-f", "-"}, stdin: `{"agentId":"102","timestamp":"1489044754","timestamp":"1489044755"}`, dup: "timestamp"},
	} {
		e.Reset()
		e.In.WriteString(tc.stdin)
		err := run(e, tc.args...)
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("%v: exit %d: %v\n%s", tc.args, cmdutil.ExitCode(err), err, e.Out)
		}
		if fs := fieldsOf(t, err); len(fs) != 1 || fs[0].Field != tc.dup || !strings.Contains(fs[0].Rule, "given twice") || fs[0].Example == "" {
			t.Errorf("%v: fields %+v", tc.args, fs)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%v: a request was built: %s", tc.args, e.Out)
		}
	}
}

// An eBao body naming a member twice in one object is exit 2 before
// --yes is asked for: sent as written, eBao would cancel the policy of
// the second policyNumber, not the one the user read first.
func TestEbaoBodyNamingAMemberTwiceIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw"
	body := writeTemp(t, "cancel.json", `{"policyNumber":"P106_B2C15000000003101","policyNumber":"P106_B2C15000000003102",`+
		`"channelCode":"AXA_TP","applicationDate":"2030-01-01T07:31:29.738Z","applicationType":"APLY_BY_INSURER"}`)
	err := run(e, "ebao", "cancellation", "-f", body)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	if fs := fieldsOf(t, err); len(fs) != 1 || fs[0].Field != "policyNumber" || !strings.Contains(fs[0].Rule, "twice") {
		t.Errorf("fields %+v", fs)
	}
	if e.Out.Len() != 0 {
		t.Errorf("a request was built: %s", e.Out)
	}
}

// A Sunshine request description saved as GBK is exit 2 naming -f, the
// rule and the conversion, not the YAML decoder's "invalid trailing
// UTF-8 octet".
func TestSunshineDescriptionInGBKNamesTheFix(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw"
	f := writeTemp(t, "100.yaml", "transaction: \"100\"\ninputsList:\n  - type: vehicleInfo\n    inputs:\n      - {name: licenseNo, value: \""+gbkJing+"A12345\"}\n")
	err := run(e, "sunshine", "100", "-f", f)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	fs := fieldsOf(t, err)
	if len(fs) != 1 || fs[0].Field != "-f "+f || !strings.Contains(fs[0].Rule, "not UTF-8") || !strings.Contains(fs[0].Example, "iconv -f GBK -t UTF-8") {
		t.Errorf("fields %+v", fs)
	}
	if e.Out.Len() != 0 {
		t.Errorf("a request was built: %s", e.Out)
	}
}

// A --set without "=" is exit 2 naming it with a good example, every bad
// one at once.
func TestSetWithoutEqualsNamesItWithAnExample(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	err := run(e, "bihu", "renewal", "--set", "LicenseNo", "--set", "CityCode")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	fs := fieldsOf(t, err)
	if len(fs) != 2 || fs[0].Field != "--set LicenseNo" || fs[1].Field != "--set CityCode" || fs[0].Example != "--set LicenseNo=京J97896" {
		t.Errorf("fields %+v", fs)
	}
}

// A --set value typed in a terminal set to GBK is exit 2 naming it: sent,
// JSON carried U+FFFD in its place.
func TestSetValueNotUTF8IsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	err := run(e, "bihu", "renewal", "--set", "LicenseNo="+gbkJing+"J97896", "--set", "CityCode=1")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	if fs := fieldsOf(t, err); len(fs) != 1 || fs[0].Field != "--set LicenseNo" || !strings.Contains(fs[0].Rule, "not UTF-8") || fs[0].Example == "" {
		t.Errorf("fields %+v", fs)
	}
	if e.Out.Len() != 0 {
		t.Errorf("a request was built: %s", e.Out)
	}
}
