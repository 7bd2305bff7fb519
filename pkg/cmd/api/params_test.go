package api

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// --set adds or replaces a parameter: one whose name differs only in case
// from the file's replaces the file's (whose key is dropped), for every
// operation that reads names in any case. Two spellings within one source
// (two --set, or the file alone) are still refused as given twice.
func TestSetReplacesTheFilesParameterInAnyCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw" // the text form, as sent
	for _, tc := range []struct {
		args      []string
		want, not string
	}{
		{[]string{"paoding", "report.buy", "-f", examplesDir + "paoding/buy.json", "--set", "VIN=LSVAU2180N2183294"},
			"vin=LSVAU2180N2183294", "LSVAU2180N2183226"},
		{[]string{"paoding", "report.buy", "-f", examplesDir + "paoding/buy.json", "--set", "OrderID=API-9"},
			"orderId=API-9", "DEMO-20250310-0001"},
		{[]string{"bihu", "renewal", "-f", examplesDir + "bihu/renew-by-plate.json", "--set", "licenseno=京J97898"},
			`"LicenseNo":"京J97898"`, "京J97896"},
		{[]string{"bihu", "login", "-f", examplesDir + "bihu/login.json", "--set", "TimeStamp=1489044755"},
			`"timestamp":"1489044755"`, "1489044754"},
	} {
		e.Reset()
		if err := run(e, tc.args...); cmdutil.ExitCode(err) != 0 {
			t.Errorf("%v: exit %d: %v", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		if out := e.Out.String(); !strings.Contains(out, tc.want) || strings.Contains(out, tc.not) {
			t.Errorf("%v: want %q and not %q in:\n%s", tc.args, tc.want, tc.not, out)
		}
	}

	twice := filepath.Join(t.TempDir(), "twice.json")
	if err := os.WriteFile(twice, []byte(`{"LicenseNo":"京J97896","licenseno":"京J97897","CityCode":"1"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"paoding", "report.buy", "-f", examplesDir + "paoding/buy.json", "--set", "VIN=LSVAU2180N2183294", "--set", "Vin=LSVAU2180N2183295"},
		{"bihu", "renewal", "-f", examplesDir + "bihu/renew-by-plate.json", "--set", "licenseno=京J97898", "--set", "LICENSENO=京J97899"},
		{"bihu", "renewal", "-f", twice},
		{"bihu", "renewal", "-f", twice, "--set", "CityCode=2"},
	} {
		e.Reset()
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "is given twice") {
			t.Errorf("%v: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%v: printed a request: %s", args, e.Out)
		}
	}
}

// A number in a parameter file is sent as written: JSON digits beyond a
// float64's precision, and YAML numbers with leading zeros (which YAML
// would read as octal or drop), reach the request unchanged.
func TestParameterNumbersAreSentAsWritten(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw" // the text form, as sent
	dir := t.TempDir()
	write := func(name, body string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"paoding", "report.get", "-f", write("big.json", `{"orderId": 20160912000123456789}`)},
			"orderId=20160912000123456789 "},
		{[]string{"paoding", "report.get", "-f", write("octal.yaml", "orderId: 0012\n")},
			"orderId=0012 "},
		{[]string{"paoding", "brandFactory.get", "-f", write("id.yaml", "brandFactoryId: 20\n")},
			"brandFactoryId=20 "},
		{[]string{"bihu", "renewal", "-f", write("engine.yaml", "CarVin: LS4ASE2A2GJ137027\nEngineNo: 0192209\nCityCode: 1\n")},
			`"EngineNo":"0192209"`},
	} {
		e.Reset()
		if err := run(e, tc.args...); cmdutil.ExitCode(err) != 0 {
			t.Errorf("%v: exit %d: %v", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		if out := e.Out.String(); !strings.Contains(out, tc.want) {
			t.Errorf("%v: want %q in:\n%s", tc.args, tc.want, out)
		}
	}
}
