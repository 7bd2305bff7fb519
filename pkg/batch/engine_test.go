package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"golang.org/x/time/rate"
)

func lines(t *testing.T, out string) []Line {
	t.Helper()
	var res []Line
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		res = append(res, l)
	}
	return res
}

func jsonl(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"%d"}`+"\n", i)
	}
	return b.String()
}

// sendTo is an adapter's Run that sends one request to srv the way the
// commands do (httpx.Send), where a line waits for its turn.
func sendTo(srv *httptest.Server) func(ctx context.Context, rec *Record) (json.RawMessage, error) {
	return func(ctx context.Context, rec *Record) (json.RawMessage, error) {
		if _, err := httpx.Send(ctx, srv.Client(), httpx.Request{Provider: "test", Operation: "call", Method: http.MethodGet, URL: srv.URL}); err != nil {
			return nil, err
		}
		return json.RawMessage(`{}`), nil
	}
}

func TestRateLimitIsHonouredAtTheServer(t *testing.T) {
	var mu sync.Mutex
	perSecond := map[int64]int{}
	start := time.Now()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		perSecond[int64(time.Since(start)/time.Second)]++
		mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	r, burst, err := ParseRate("10/s")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum, err := Run(t.Context(), Options{
		In: strings.NewReader(jsonl(25)), Format: FormatJSONL, Concurrency: 8, Out: &out,
		Limiters: []*rate.Limiter{rate.NewLimiter(r, burst)},
		Adapter:  Adapter{Run: sendTo(srv)},
	})
	if err != nil || sum.ExitCode != 0 || sum.ByOutcome[OutcomeOK] != 25 {
		t.Fatalf("%v %+v", err, sum)
	}
	for s, n := range perSecond {
		if n > 11 {
			t.Fatalf("second %d saw %d requests at 10/s: %v", s, n, perSecond)
		}
	}
	if len(lines(t, out.String())) != 25 {
		t.Fatal("lines lost")
	}
}

func TestQuotaAnswerStopsSendingAndNamesTheLinesNotAttempted(t *testing.T) {
	var sent atomic.Int32
	var out bytes.Buffer
	sum, err := Run(t.Context(), Options{
		In: strings.NewReader(jsonl(10)), Format: FormatJSONL, Concurrency: 1, Out: &out,
		Adapter: Adapter{Echo: [][]string{{"id"}}, Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			if sent.Add(1) == 5 {
				return nil, &failure.Error{Kind: failure.RateLimit, Provider: "paoding", Code: "10040", Message: "the daily quota for report.buy is exhausted"}
			}
			return json.RawMessage(`{"ok":true}`), nil
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ExitCode != failure.ExitRateLimit || sum.Stopped != "quota" || sum.FirstNotAttempted != 6 {
		t.Fatalf("summary %+v", sum)
	}
	got := lines(t, out.String())
	if len(got) != 10 || sent.Load() != 5 {
		t.Fatalf("%d lines, %d sent", len(got), sent.Load())
	}
	for i, l := range got {
		want := OutcomeOK
		switch {
		case i == 4:
			want = "rate_limit"
		case i > 4:
			want = OutcomeNotAttempted
		}
		if l.Outcome != want || l.Line != i+1 || l.Input["id"] != fmt.Sprint(i) {
			t.Fatalf("line %d: %+v, want %s", i+1, l, want)
		}
	}
	if got[4].Code != "10040" || got[4].ExitCode != 7 {
		t.Fatalf("quota line: %+v", got[4])
	}
	// A line never sent is no success: it carries why the batch stopped
	// (exit_code 0 read as done to a script keeping the 0s).
	for _, l := range got[5:] {
		if l.ExitCode != failure.ExitRateLimit {
			t.Fatalf("line %d not attempted with exit_code %d, want 7", l.Line, l.ExitCode)
		}
	}
}

func TestMalformedLinesAreOneUsageLineEach(t *testing.T) {
	long := `{"id":"` + strings.Repeat("x", MaxLineSize) + `"}`
	in := `{"id":"a"}` + "\n\n[1,2]\n" + long + "\n{\"id\":\n" + `{"id":"b"} {"id":"c"}` + "\n" + `{"id":"d"}`
	var out bytes.Buffer
	sum, err := Run(t.Context(), Options{In: strings.NewReader(in), Format: FormatJSONL, Out: &out,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) { return rec.Body, nil }}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	want := []struct {
		line    int
		outcome string
	}{{1, "ok"}, {2, "blank"}, {3, "usage"}, {4, "usage"}, {5, "usage"}, {6, "usage"}, {7, "ok"}}
	if len(got) != len(want) || sum.ExitCode != failure.ExitUsage {
		t.Fatalf("%d lines, exit %d: %s", len(got), sum.ExitCode, out.String())
	}
	for i, w := range want {
		if got[i].Line != w.line || got[i].Outcome != w.outcome {
			t.Fatalf("line %d: %+v, want %+v", i, got[i], w)
		}
	}
}

// Every input line gets its output line, a blank one too (DESIGN: a
// batch produces one result per input line): in CSV, where encoding/csv
// skips empty lines without a trace, between rows and at the end as well.
// A blank line is not sent and is not a failure.
func TestBlankLinesGetTheirOutputLine(t *testing.T) {
	for _, tc := range []struct {
		name, format, in string
		want             []string // outcome per input line after a header
	}{
		{"jsonl", FormatJSONL, "{\"id\":\"a\"}\n  \n\n{\"id\":\"b\"}\n\t\n", []string{"ok", "blank", "blank", "ok", "blank"}},
		{"csv", FormatCSV, "id\n\na\n\n \t\n\"b,c\"\nd\n\n", []string{"blank", "ok", "blank", "blank", "ok", "ok", "blank"}},
		{"csv, no newline at the end", FormatCSV, "id\r\na\r\n\r\nb", []string{"ok", "blank", "ok"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			var sent atomic.Int32 // lines run at once
			sum, err := Run(t.Context(), Options{In: strings.NewReader(tc.in), Format: tc.format, Out: &out,
				Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) { sent.Add(1); return nil, nil }}})
			if err != nil || sum.ExitCode != 0 {
				t.Fatalf("exit %d: %v", sum.ExitCode, err)
			}
			got := lines(t, out.String())
			first := 1
			if tc.format == FormatCSV {
				first = 2 // the header is line 1
			}
			var outcomes []string
			for i, l := range got {
				outcomes = append(outcomes, l.Outcome)
				if want := first + i; l.Line != want {
					t.Errorf("output %d is line %d, want %d: %s", i, l.Line, want, out.String())
				}
			}
			if strings.Join(outcomes, " ") != strings.Join(tc.want, " ") {
				t.Errorf("outcomes %v, want %v:\n%s", outcomes, tc.want, out.String())
			}
			if n := strings.Count(strings.Join(tc.want, " "), "ok"); int(sent.Load()) != n || sum.ByOutcome[OutcomeBlank] != len(tc.want)-n {
				t.Errorf("sent %d, summary %v", sent.Load(), sum.ByOutcome)
			}
		})
	}
}

func TestUnorderedWritesAsResultsFinish(t *testing.T) {
	var out bytes.Buffer
	_, err := Run(t.Context(), Options{In: strings.NewReader(jsonl(2)), Format: FormatJSONL, Concurrency: 2, Unordered: true, Out: &out,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			if rec.Line == 1 {
				time.Sleep(200 * time.Millisecond)
			}
			return nil, nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(t, out.String()); len(got) != 2 || got[0].Line != 2 {
		t.Fatalf("%s", out.String())
	}
}

func TestInterruptFinishesInFlightAndStopsTheRest(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	var out bytes.Buffer
	started := make(chan struct{}, 10)
	var finished atomic.Int32
	go func() { <-started; cancel(errors.New("SIGINT")) }()
	sum, err := Run(ctx, Options{In: strings.NewReader(jsonl(10)), Format: FormatJSONL, Concurrency: 2, Out: &out,
		Adapter: Adapter{Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			started <- struct{}{}
			select {
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			finished.Add(1)
			return nil, nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if len(got) != 10 || sum.Stopped != "interrupted" || int(finished.Load()) != sum.ByOutcome[OutcomeOK] || sum.ByOutcome[OutcomeOK] == 0 {
		t.Fatalf("%+v\n%s", sum, out.String())
	}
	if sum.ByOutcome[OutcomeOK]+sum.ByOutcome[OutcomeNotAttempted] != 10 {
		t.Fatalf("%+v", sum)
	}
	if sum.Abandoned {
		t.Error("requests that finished within the grace period are reported abandoned")
	}
}

func TestCSVRecordsAreObjectsOfTheHeader(t *testing.T) {
	var got []*Record
	_ = Read(strings.NewReader("vin,order_id,holder.mobile\nV1,O1,138\n\"V2\",,\n"), FormatCSV, func(r *Record) bool { got = append(got, r); return true })
	if len(got) != 2 || string(got[0].Body) != `{"holder":{"mobile":"138"},"order_id":"O1","vin":"V1"}` || got[0].Line != 2 ||
		string(got[1].Body) != `{"vin":"V2"}` || got[1].Line != 3 || got[0].Hash == got[1].Hash {
		t.Fatalf("%+v %+v", got[0], got[1])
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]rate.Limit{"20/s": 20, "20": 20, "120/m": 2, "3600/h": 1, "0.5/s": 0.5} {
		got, burst, err := ParseRate(in)
		if err != nil || got != want || burst != 1 {
			t.Errorf("%s: %v %d %v", in, got, burst, err)
		}
	}
	for _, bad := range []string{"", "0/s", "-1/s", "x/s", "5/d", "20x/s", "20 per/s", "Inf/s", "NaN", "1e400/s"} {
		_, _, err := ParseRate(bad)
		if err == nil {
			t.Errorf("%q accepted", bad)
		} else if !strings.Contains(err.Error(), "e.g. 20/s") {
			t.Errorf("%q: the error gives no example: %v", bad, err)
		}
	}
}

// A CSV header with no row after it is not a failure, but Read says what
// it saw; an empty input says nothing.
func TestCSVHeaderWithoutRows(t *testing.T) {
	err := Read(strings.NewReader("order_id\n"), FormatCSV, func(*Record) bool { t.Fatal("a record"); return false })
	var nr *NoRowsError
	if !errors.As(err, &nr) || len(nr.Header) != 1 || nr.Header[0] != "order_id" {
		t.Fatalf("%v", err)
	}
	if err := Read(strings.NewReader(""), FormatCSV, func(*Record) bool { return true }); err != nil {
		t.Fatalf("empty input: %v", err)
	}
}

// ttyInput is a terminal's stdin: what was typed, one end of input
// (Ctrl-D), and then more if read again; a terminal does not repeat an
// end of input as a closed pipe does.
type ttyInput struct {
	parts []string
	i     int
}

func (t *ttyInput) Read(p []byte) (int, error) {
	if t.i >= len(t.parts) {
		return 0, errors.New("read after the end of input: a second Ctrl-D was needed")
	}
	part := t.parts[t.i]
	t.i++
	if part == "" {
		return 0, io.EOF
	}
	return copy(p, part), nil
}

// One Ctrl-D ends stdin even when it arrives while the format is being
// detected (an empty input, or lines shorter than the detection's look).
func TestOneEndOfInputEndsAStream(t *testing.T) {
	for _, c := range []struct {
		parts []string
		want  int
	}{
		{[]string{"", "{\"late\":1}\n"}, 0},
		{[]string{"order_id\nA1\n", "", "B2\n"}, 1},
		{[]string{"{\"a\":1}\n", "", "{\"b\":2}\n"}, 1},
	} {
		format, r := DetectFormatReader("stdin", &ttyInput{parts: c.parts})
		var got []*Record
		err := Read(r, format, func(rec *Record) bool { got = append(got, rec); return true })
		var noRows *NoRowsError
		if (err != nil && !errors.As(err, &noRows)) || len(got) != c.want {
			t.Errorf("%q: %d records, %v", c.parts, len(got), err)
		}
	}
}
