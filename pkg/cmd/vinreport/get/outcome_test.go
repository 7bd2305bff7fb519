package get

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/paoding"
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
	// The matching models' table sits under its label, not at the edge.
	if !strings.Contains(e.Out.String(), "  matching models\n    MODEL ID") {
		t.Errorf("the matching models are not indented under their label:\n%s", e.Out.String())
	}
}

// Provider text is shown on the line of its label: a line break inside a
// remark, a summary or an image URL must neither break the layout nor
// print what reads as a line of insure's own (a second "status:", a check
// marked normal). Claim counts the platform left out read "-", not
// " items".
func TestTerminalViewKeepsProviderTextOnItsLine(t *testing.T) {
	var r paoding.Report
	data := `{"status":2,"orderId":"O-1\nstatus:        found","platformOrderId":"P",
		"resultDescription":"此车共 2 次事故\n1: 后保更换\r\n2: 尾灯",
		"kilometerIsNormal":0,"kilometerRemark":"调表\n  ✓ Airbags                          normal",
		"resultDetails":[{"date":"2020-01-01","kilometers":1000,"type":"保养","project":"a\nb","meterial":"c","isAbnormal":1,"detailImages":["http://x/1.jpg\nhttp://evil/2.jpg"]}],
		"claimReportStatus":0,"claimReport":{"claimCount":"1","claimMoney":"100","carClaimRecords":[]}}`
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	var b strings.Builder
	if err := Render(&b, ios.ColorScheme(), &r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(out, "\n")
	count := func(prefix string) int {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	if n := count("status:"); n != 1 {
		t.Errorf("%d status lines:\n%s", n, out)
	}
	if n := count("  ✓ Airbags"); n != 0 {
		t.Errorf("a remark printed a check line:\n%s", out)
	}
	if n := count("  http://"); n != 1 {
		t.Errorf("one image URL shows as %d lines:\n%s", n, out)
	}
	for _, want := range []string{"1: 后保更换", "2: 尾灯", "Images of 2020-01-01 a  b (1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, " items") && !strings.Contains(out, "- items") {
		t.Errorf("missing claim counts:\n%s", out)
	}
	if strings.Contains(out, ":  items") || strings.Contains(out, ": items") {
		t.Errorf("an empty count shows as nothing:\n%s", out)
	}
	if strings.ContainsRune(out, '\r') {
		t.Errorf("carriage return in %q", out)
	}
}
