package buy

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

// The docs promise camelCase names: brandFactory was an unknown field.
func TestBatchBuyTakesBrandFactoryInCamelCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	file := writeFile(t, "b.jsonl", `{"vin":"LSVAU2180N2100035","brandFactory":20,"orderId":"CAMEL-1"}`+"\n")
	if err := runCtx(t.Context(), e, "--batch", file); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	orders, err := paodingsb.Orders(t.Context(), e.Sandbox.State())
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := orders["CAMEL-1"]; !ok || o.BrandFactoryID != 20 || o.VIN != "LSVAU2180N2100035" {
		t.Fatalf("orders %+v", orders)
	}
}

// Two names of one field (or one member twice) lost a value without a
// word: 999 was dropped, the last VIN was bought. The line is refused,
// naming both, and nothing is sent.
func TestBatchBuyRefusesAFieldGivenTwice(t *testing.T) {
	for _, in := range []string{
		"vin,brand_factory,brand_factory_id\nLSVAU2180N2100035,20,999\n",
		`{"vin":"LSVAU2180N2100035","brandFactory":20,"brand_factory":21}` + "\n",
		`{"vin":"LSVAU2180N2100035","brand_factory":20,"vin":"LSVAU2180N2100036"}` + "\n",
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.Yes = true
		file := writeFile(t, "in.txt", in)
		err := runCtx(t.Context(), e, "--batch", file)
		lines := parseLines(t, e.Out.String())
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || len(lines) != 1 || lines[0].Outcome != "usage" ||
			!(strings.Contains(lines[0].Message, "two names of one field") || strings.Contains(lines[0].Message, `member "vin" is given twice`)) {
			t.Errorf("%q: exit %d (%v), sent %v, lines %+v", in, cmdutil.ExitCode(err), err, e.ReceivedPaths(), lines)
		}
	}
}
