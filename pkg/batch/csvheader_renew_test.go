package batch_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/renew"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/bihu"
)

// An Excel export's header (a byte order mark, Chinese names, another
// case, spaces) drives `renew --batch` end to end: Bihu receives each
// line's plate and city, where every line used to be refused as naming
// unknown fields and nothing was sent.
func TestRenewBatchReadsASpreadsheetsHeader(t *testing.T) {
	for _, in := range []string{
		"\uFEFF 车牌号 ,城市\n京J97896,北京\n",
		"\uFEFFPlate,CITY\n京J97896,北京\n",
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		var mu sync.Mutex
		var renewals []map[string]any
		target := e.SandboxBase(t, bihu.Provider)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raw, _ := io.ReadAll(r.Body)
			if strings.HasSuffix(r.URL.Path, bihu.PathRenewal) {
				var body map[string]any
				_ = json.Unmarshal(raw, &body)
				mu.Lock()
				renewals = append(renewals, body)
				mu.Unlock()
			}
			cmdtest.Forward(w, r, target, bytes.NewReader(raw))
		}))
		t.Cleanup(srv.Close)
		e.UseProfileAt(t, bihu.Provider, srv.URL)

		e.In.WriteString(in)
		cmd := renew.NewCmdRenew(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs([]string{"--batch", "-"})
		err := cmd.Execute()
		type line struct {
			Outcome string
			Input   map[string]string
			Message string
		}
		lines := cmdtest.JSONLines[line](t, e.Out.String())
		if cmdutil.ExitCode(err) != 0 || len(lines) != 1 || lines[0].Outcome != "ok" || lines[0].Input["plate"] != "京J97896" {
			t.Fatalf("%q: exit %d (%v), lines %+v\n%s", in, cmdutil.ExitCode(err), err, lines, e.ErrOut)
		}
		mu.Lock()
		if len(renewals) != 1 || renewals[0]["LicenseNo"] != "京J97896" || renewals[0]["CityCode"] != "1" {
			t.Errorf("%q: Bihu received %v", in, renewals)
		}
		mu.Unlock()
	}
}

// A value refused on a line is named by the column the file gives it
// (车牌号, 城市), not only by the field insure knows it as: a user who
// wrote Chinese headers did not know "plate" and "city" were theirs.
func TestLineErrorsNameTheColumnAsTheHeaderWritesIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("车牌号,城市\n京J9789,北京\n京J97896,zz\n")
	cmd := renew.NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	e.F.Globals.Profile, e.F.Globals.DryRun = "sandbox", true
	cmd.SetArgs([]string{"--batch", "-"})
	err := cmd.Execute()
	type line struct{ Outcome, Message string }
	lines := cmdtest.JSONLines[line](t, e.Out.String())
	if cmdutil.ExitCode(err) != 2 || len(lines) != 2 {
		t.Fatalf("exit %d (%v), lines %+v\n%s", cmdutil.ExitCode(err), err, lines, e.ErrOut)
	}
	for i, want := range []string{`plate (column "车牌号"): `, `city (column "城市"): `} {
		if lines[i].Outcome != "usage" || !strings.Contains(lines[i].Message, want) {
			t.Errorf("line %d: %+v, want %q in its message", i+2, lines[i], want)
		}
	}
}
