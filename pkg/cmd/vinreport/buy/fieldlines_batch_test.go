package buy

import (
	"encoding/json"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A line's field errors read "1 invalid field(s); nothing was sent; vin:
// ..." with no line number and no hint, unlike the engine's own
// refusals of a line. They name the line, and the hint names the line's
// fields as its columns do (brand_factory, not brandFactoryId).
func TestBatchBuyLineFieldErrorsNameTheLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	file := writeFile(t, "cars.csv", "vin,brand_factory,engine\n"+
		batchVIN(801)+",20,\n"+
		"ＬＳＶＡＵ２１８０Ｎ２１８３２９４,20,\n"+
		"LSVAU2180N218329,,ENG123\n")
	err := runCtx(t.Context(), e, "--batch", file)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d (%v), want 2", cmdutil.ExitCode(err), err)
	}
	type line struct {
		Line     int    `json:"line"`
		Outcome  string `json:"outcome"`
		ExitCode int    `json:"exit_code"`
		Message  string `json:"message"`
		Hint     string `json:"hint"`
	}
	byLine := map[int]line{}
	for _, l := range cmdtest.JSONLines[json.RawMessage](t, e.Out.String()) {
		var got line
		if err := json.Unmarshal(l, &got); err != nil {
			t.Fatal(err)
		}
		byLine[got.Line] = got
	}
	want := map[int]line{
		2: {Line: 2, Outcome: "ok"},
		3: {Line: 3, Outcome: "usage", ExitCode: 2,
			Message: "line 3: 1 invalid field(s); nothing was sent; vin: a VIN is written in half-width letters and digits (character 1 is the full-width 'Ｌ') (for example LSVAU2180N2183294)",
			Hint:    "correct vin on line 3, then run the same command with --resume: lines already bought are skipped, and the corrected line is sent"},
		4: {Line: 4, Outcome: "usage", ExitCode: 2,
			Message: "line 4: 2 invalid field(s); nothing was sent; vin: a VIN is 17 characters (got 16) (for example LSVAU2180N2183294); brandFactoryId: is required when ordering by vin (list them with `insure vin-report factories`) (for example 20)",
			Hint:    "correct vin, brand_factory (or --brand-factory for every line) on line 4, then run the same command with --resume: lines already bought are skipped, and the corrected line is sent"},
	}
	for n, w := range want {
		if got := byLine[n]; got != w {
			t.Errorf("line %d:\n got %+v\nwant %+v", n, got, w)
		}
	}
	if n := count(e, "/report/buy"); n != 1 {
		t.Errorf("%d purchases sent, want line 2's only (%v)", n, e.ReceivedPaths())
	}
}
