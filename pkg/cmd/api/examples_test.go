package api

import (
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// Every example file works as it is, with the api command its README
// gives, against the sandbox (examples/*/README.md promise so). The
// sunshine purchase chain, which needs the SessionId of each answer put in,
// is run by providers/sunshine's TestExamples; ebao's issue.json and
// cancel.json are documented as needing a quotation or policy number.
func TestExampleFilesWorkWithTheirREADMECommands(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true // report.buy acts
	for _, args := range [][]string{
		{"bihu", "renewal", "-f", examplesDir + "bihu/renew-by-plate.json"},
		{"bihu", "renewal", "-f", examplesDir + "bihu/renew-by-vin.json"},
		{"bihu", "login", "-f", examplesDir + "bihu/login.json"},
		{"ebao", "quotation", "-f", examplesDir + "ebao/quote.json"},
		{"paoding", "report.buy", "-f", examplesDir + "paoding/buy.json"},
		{"paoding", "report.buy", "-f", examplesDir + "paoding/buy-image.json"},
		{"sunshine", "050", "-f", examplesDir + "sunshine/050.yaml"},
		{"sunshine", "095", "-f", examplesDir + "sunshine/095.yaml"},
		{"sunshine", "100", "-f", examplesDir + "sunshine/100.yaml"},
		{"sunshine", "050", "--raw-xml", "-f", examplesDir + "sunshine/request-050.xml"},
	} {
		e.Reset()
		if err := run(e, args...); err != nil {
			t.Errorf("api %v: %v", args, err)
		}
	}
}
