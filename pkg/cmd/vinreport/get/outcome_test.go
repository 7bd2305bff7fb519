package get

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A finished order without a report is not a success: status 3 (query
// failed) and 4 (no record) are exit 4, with the order and what it means.
func TestFailedAndNoRecordReportsAreExit4(t *testing.T) {
	for _, tc := range []struct {
		vin, status, words string
	}{
		{"LSVAU2180N2183299", "3", "query failed"}, // the sandbox: last character 9
		{"LSVAU2180N2183290", "4", "no record"},    // last character 0
	} {
		for _, tty := range []bool{false, true} {
			c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Now: c.Now})
			buyOrder(t, e, tc.vin, "OUT-"+tc.status)
			c.Add(5 * time.Second)
			err := runGet(e, "OUT-"+tc.status)
			if cmdutil.ExitCode(err) != 4 {
				t.Fatalf("status %s (tty %v): exit %d: %v", tc.status, tty, cmdutil.ExitCode(err), err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "OUT-"+tc.status) || !strings.Contains(msg, "status "+tc.status) || !strings.Contains(msg, tc.words) {
				t.Errorf("message %q", msg)
			}
			if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, `"status:`+tc.status+`"`) {
				t.Errorf("JSON error %s", j)
			}
			if tty && !strings.Contains(e.Out.String(), "status:") {
				t.Errorf("the terminal does not show the report:\n%s", e.Out.String())
			}
		}
	}
}

// The terminal report shows the vehicle (carInfo, document version 1.6),
// the result images and each record's detail images, as the sandbox sent
// them.
func TestTerminalReportShowsVehicleAndImages(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: c.Now})
	buyOrder(t, e, "LSVAU2180N2183294", "SHOW-1")
	c.Add(5 * time.Second)
	e.F.Globals.Output = "json"
	if err := runGet(e, "SHOW-1"); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		CarInfo []struct {
			Brand, Series, Model, SalesName string
			MatchModels                     []struct{ Picture string }
		}
		ResultImages  []string
		ResultDetails []struct{ DetailImages []string }
	}
	if err := json.Unmarshal(e.Out.Bytes(), &rec); err != nil || len(rec.CarInfo) != 1 || len(rec.ResultImages) == 0 {
		t.Fatalf("sandbox record %q: %v", e.Out.String(), err)
	}
	want := []string{"Vehicle", rec.CarInfo[0].Brand, rec.CarInfo[0].Series, rec.CarInfo[0].Model, rec.CarInfo[0].SalesName,
		"matching models", rec.CarInfo[0].MatchModels[0].Picture, "Result images"}
	want = append(want, rec.ResultImages...)
	for _, d := range rec.ResultDetails {
		want = append(want, d.DetailImages...)
	}
	e.Reset()
	e.F.Globals.Output = ""
	// Wide enough that no link is cut to fit (tables truncate to the width).
	t.Setenv("COLUMNS", "400")
	if err := runGet(e, "SHOW-1"); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(e.Out.String(), w) {
			t.Errorf("missing %q in\n%s", w, e.Out.String())
		}
	}
}
