package quote

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// clientNow is the client's clock in these tests: 2 March 2026 in Beijing.
var clientNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// aheadPlatform is the Sunshine sandbox with its clock ahead of the
// client's, behind a profile "staging": across midnight, a start date the
// client takes (tomorrow for it) is today for the platform, whose 110 then
// answers with a form asking for the start dates alone. It keeps every
// request body.
type aheadPlatform struct {
	mu     sync.Mutex
	bodies [][]byte
}

func newAheadPlatform(t *testing.T, e *cmdtest.Env, now time.Time, ahead time.Duration) *aheadPlatform {
	t.Helper()
	p := &aheadPlatform{}
	h := sandbox.New(sandbox.Options{State: state.NewMemory(), Now: func() time.Time { return now.Add(ahead) }})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.bodies = append(p.bodies, body)
		p.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		// The profile's endpoint is the built-in sandbox's, under /sunshine.
		http.StripPrefix("/sunshine", h).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	return p
}

var requestTypeRE = regexp.MustCompile(`<RequestType>(\d+)</RequestType>`)

// sent lists the inputs (name, value, in order) of every txn received.
func (p *aheadPlatform) sent(t *testing.T, txn string) [][][2]string {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	var out [][][2]string
	for _, b := range p.bodies {
		if m := requestTypeRE.FindSubmatch(b); m == nil || string(m[1]) != txn {
			continue
		}
		utf8, err := sunshine.DecodeGBK(b)
		if err != nil {
			t.Fatal(err)
		}
		var in [][2]string
		for _, m := range sentInputRE.FindAllSubmatch(utf8, -1) {
			in = append(in, [2]string{string(m[1]), string(m[2])})
		}
		out = append(out, in)
	}
	return out
}

func inputValue(in [][2]string, name string) (string, bool) {
	for _, x := range in {
		if x[0] == name {
			return x[1], true
		}
	}
	return "", false
}

func coverageCount(in [][2]string) int {
	n := 0
	for _, x := range in {
		if strings.HasPrefix(x[0], "cov_") {
			n++
		}
	}
	return n
}

// A 110 the platform answers with a form for the start dates alone is
// answered, in the next run, with the whole combination: the coverage
// changed in the first run and the new dates. The retry sent packageType
// and the two dates only; the platform asked for all 23 coverages again,
// prefilled with the old values, and cov_210=5000 was lost.
func TestSunshineRequoteDateFormKeepsTheCombination(t *testing.T) {
	// Five minutes to midnight for the client; the platform's clock, ten
	// minutes ahead (within the SendTime tolerance), reads 3 March.
	now := clientNow.Add(13*time.Hour + 55*time.Minute)
	e := cmdtest.New(t, cmdtest.Options{Now: func() time.Time { return now }})
	p := newAheadPlatform(t, e, now, 10*time.Minute)
	if err := runSunshineQuote(e, append(append([]string{}, newArgs...), vehicleSets...)...); err != nil {
		t.Fatal(err)
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), "staging", 0)
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	id := list[0].ID

	// 3 March is tomorrow for the client, today for the platform: it asks
	// for the start dates.
	e.Reset()
	err := runSunshineQuote(e, "--session", id, "--package", "optional", "--set", "cov_210=5000", "--set", "bizBeginDate=2026-03-03")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "bizBeginDate") {
		t.Fatalf("setup: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	first := p.sent(t, "110")
	if len(first) != 1 || coverageCount(first[0]) == 0 {
		t.Fatalf("setup: 110s sent %v", first)
	}

	e.Reset()
	if err := runSunshineQuote(e, "--session", id, "--set", "bizBeginDate=2026-03-04", "--set", "forceBeginDate=2026-03-04"); err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	all := p.sent(t, "110")
	if len(all) != 2 {
		t.Fatalf("want 2 110s, got %d", len(all))
	}
	retry := all[1]
	if coverageCount(retry) != coverageCount(first[0]) {
		t.Errorf("the retry sent %d coverages, the first 110 %d: %v", coverageCount(retry), coverageCount(first[0]), retry)
	}
	for k, want := range map[string]string{"cov_210": "5000", "bizBeginDate": "2026-03-04", "forceBeginDate": "2026-03-04", "packageType": "optional"} {
		if v, _ := inputValue(retry, k); v != want && !(k == "cov_210" && strings.HasPrefix(v, "5000.")) {
			t.Errorf("retry sent %s=%q, want %q", k, v, want)
		}
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatalf("stdout %q: %v", e.Out.String(), err)
	}
	for _, c := range r.Coverages {
		if c.Key == "cov_210" && !strings.HasPrefix(c.Value, "5000") {
			t.Errorf("priced cov_210=%q, want 5000", c.Value)
		}
	}
	if r.Step != "115" || r.BizBeginDate != "2026-03-04" {
		t.Errorf("%+v", r)
	}
}

// pickingPrompter picks, in the coverage picker, the options naming keys.
type pickingPrompter struct {
	*cmdtest.Prompter
	keys []string
}

func (p pickingPrompter) MultiSelect(_ string, _ []string, options []string) ([]int, error) {
	var out []int
	for i, o := range options {
		for _, k := range p.keys {
			if strings.Contains(o, "("+k+")") {
				out = append(out, i)
			}
		}
	}
	return out, nil
}

// On a terminal, the date form that answers a 110 is asked right away and
// sent with the whole combination, the coverage just chosen included. The
// 110 sent after it had the dates only, and the platform's next form
// offered the old combination, which Enter priced as the new quote.
func TestSunshineRequoteDateFormOnATerminalKeepsTheCombination(t *testing.T) {
	now := clientNow.Add(13*time.Hour + 55*time.Minute)
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: func() time.Time { return now }})
	p := newAheadPlatform(t, e, now, 10*time.Minute)
	e.F.IOStreams.SetStdinTTY(false) // the quote from a script; its change on a terminal
	if err := runSunshineQuote(e, append(append([]string{}, newArgs...), vehicleSets...)...); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), "staging", 0)
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	e.Reset()
	e.F.IOStreams.SetStdinTTY(true)
	e.Prompts.Answers = map[string]any{
		"车身划痕损失险 (cov_210)":                     "5000",
		"商业险起保日期 (bizBeginDate) [yyyy-mm-dd]":   []string{"2026-03-03", "2026-03-04"},
		"交强险起保日期 (forceBeginDate) [yyyy-mm-dd]": []string{"2026-03-04"},
	}
	e.F.Prompter = func() prompter.Prompter { return pickingPrompter{e.Prompts, []string{"cov_210", "bizBeginDate"}} }
	if err := runSunshineQuote(e, "--session", list[0].ID, "--package", "optional"); err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
	all := p.sent(t, "110")
	if len(all) != 2 {
		t.Fatalf("want the 110 and its answer to the date form, got %d", len(all))
	}
	if coverageCount(all[1]) != coverageCount(all[0]) || coverageCount(all[0]) == 0 {
		t.Errorf("the second 110 sent %d coverages, the first %d", coverageCount(all[1]), coverageCount(all[0]))
	}
	if v, _ := inputValue(all[1], "cov_210"); !strings.HasPrefix(v, "5000") {
		t.Errorf("the second 110 sent cov_210=%q: %v", v, all[1])
	}
	if v, _ := inputValue(all[1], "bizBeginDate"); v != "2026-03-04" {
		t.Errorf("the second 110 sent bizBeginDate=%q", v)
	}
}
