package buy

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

type outLine struct {
	Line     int               `json:"line"`
	Input    map[string]string `json:"input"`
	Outcome  string            `json:"outcome"`
	ExitCode int               `json:"exit_code"`
	Code     string            `json:"code"`
	Message  string            `json:"message"`
	Result   json.RawMessage   `json:"result"`
}

func batchVIN(i int) string { return fmt.Sprintf("LSVAU2180N2%06d", i) }

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func parseLines(t *testing.T, out string) []outLine {
	t.Helper()
	return cmdtest.JSONLines[outLine](t, out)
}

func runCtx(ctx context.Context, e *cmdtest.Env, args ...string) error {
	cmd := NewCmdBuy(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.ExecuteContext(ctx)
}

func count(e *cmdtest.Env, path string) int {
	n := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, path) {
			n++
		}
	}
	return n
}

func TestBatchBuyFromCSVInPipe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	var b strings.Builder
	b.WriteString("vin,brand_factory,order_id\n")
	for i := range 8 {
		fmt.Fprintf(&b, "%s,20,CSV-%d\n", batchVIN(i), i)
	}
	b.WriteString("NOT-A-VIN,20,CSV-BAD\n")
	b.WriteString("\"unterminated,20\n")
	file := writeFile(t, "cars.csv", b.String())
	err := runCtx(t.Context(), e, "--batch", file, "--concurrency", "4")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d (%v), want 2 (the worst line is bad input)\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	lines := parseLines(t, e.Out.String())
	if len(lines) != 10 {
		t.Fatalf("%d output lines for 10 input lines:\n%s", len(lines), e.Out)
	}
	for i, l := range lines[:8] {
		if l.Line != i+2 || l.Outcome != "ok" || l.Input["vin"] != batchVIN(i) || l.Input["order_id"] != fmt.Sprintf("CSV-%d", i) {
			t.Fatalf("line %d: %+v", i, l)
		}
	}
	if lines[8].Outcome != "usage" || lines[8].ExitCode != 2 || lines[9].Outcome != "usage" {
		t.Fatalf("bad lines: %+v %+v", lines[8], lines[9])
	}
	if got := len(sandboxOrders(t, e)); got != 8 {
		t.Fatalf("sandbox holds %d orders, want 8", got)
	}
	// One token for the whole batch: the token cache's lock makes the
	// four workers share one login.
	if n := count(e, paoding.PathTokenGenerate); n != 1 {
		t.Fatalf("%d logins for one batch, want 1: %v", n, e.ReceivedPaths())
	}
	if !strings.Contains(e.ErrOut.String(), "batch: 10 lines") || !strings.Contains(e.ErrOut.String(), "ok 8") {
		t.Fatalf("summary: %q", e.ErrOut)
	}
	if strings.Contains(e.ErrOut.String(), "\r") {
		t.Fatalf("a progress bar in a pipe: %q", e.ErrOut)
	}
}

// buyFiveIntoAQuota buys five cars one at a time from a platform that
// answers the first purchase with 429; the batch must exit 7.
func buyFiveIntoAQuota(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	e.F.Globals.Yes = true
	var b strings.Builder
	for i := range 5 {
		fmt.Fprintf(&b, `{"vin":%q,"brand_factory":20}`+"\n", batchVIN(i))
	}
	err := runCtx(t.Context(), e, "--batch", writeFile(t, "cars.jsonl", b.String()), "--concurrency", "1")
	if cmdutil.ExitCode(err) != 7 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
}

func TestBatchStoppedByAQuotaOnTerminalShowsWhereItStopped(t *testing.T) {
	// Lines not attempted are not progress: the bar is taken away rather
	// than filled, and the summary's rate is of the one line that ran.
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Faults: "paoding:/4s/report/buy=status:429"})
	buyFiveIntoAQuota(t, e)
	stderr := e.ErrOut.String()
	for _, want := range []string{"\rbatch: 5 lines in", "(1 run, ", "4 line(s) not attempted"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %q", want, stderr)
		}
	}
	if strings.Contains(stderr, "(5/5,") {
		t.Errorf("the bar was filled by lines never sent: %q", stderr)
	}
}

// On a terminal a resumed batch's bar counts the lines it sends: those
// an earlier run did leave the total, so the rate and ETA are of real
// work; a run that sends nothing shows no bar at all.
func TestResumedBatchOnTerminalCountsOnlyTheLinesItSends(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Yes = true
	var b strings.Builder
	for i := range 5 {
		fmt.Fprintf(&b, `{"vin":%q,"brand_factory":20}`+"\n", batchVIN(i))
	}
	lines := strings.SplitAfter(b.String(), "\n")
	first := writeFile(t, "first.jsonl", strings.Join(lines[:3], ""))
	all := writeFile(t, "all.jsonl", b.String())
	if err := runCtx(t.Context(), e, "--batch", first); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	e.Reset()
	if err := runCtx(t.Context(), e, "--batch", all, "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	stderr := e.ErrOut.String()
	if !strings.Contains(stderr, "(2/2,") || strings.Contains(stderr, "/5,") || !strings.Contains(stderr, "(2 run, ") {
		t.Errorf("the bar or summary counts skipped lines: %q", stderr)
	}
	e.Reset()
	if err := runCtx(t.Context(), e, "--batch", all, "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	// What stays on the screen is the summary: any frame drawn while the
	// lines were skipped was cleared, and the bar was never filled.
	stderr = e.ErrOut.String()
	shown := stderr[strings.LastIndex(stderr, "\r")+1:]
	if !strings.HasPrefix(shown, "batch: 5 lines in") || !strings.Contains(shown, "skipped 5") || strings.Contains(stderr, "100%") {
		t.Errorf("a run that sent nothing: %q", stderr)
	}
}

func TestBatchBuyFromStdinOnTerminalShowsProgress(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Yes = true
	for i := range 3 {
		fmt.Fprintf(e.In, `{"vin":%q,"brand_factory":20}`+"\n", batchVIN(i))
	}
	if err := runCtx(t.Context(), e, "--batch", "-"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	lines := parseLines(t, e.Out.String())
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), e.Out)
	}
	for i, l := range lines {
		// No order id on the line: one derived from the line.
		if l.Outcome != "ok" || !strings.HasPrefix(l.Input["order_id"], "INSB") {
			t.Fatalf("line %d: %+v", i, l)
		}
	}
	if !strings.Contains(e.ErrOut.String(), "errors 0") || !strings.Contains(e.ErrOut.String(), "lines/s") {
		t.Fatalf("no progress bar on a terminal's stderr: %q", e.ErrOut)
	}
	// Reading stdin from a terminal says so, and how to end it.
	if !strings.Contains(e.ErrOut.String(), "reading requests from the terminal") || !strings.Contains(e.ErrOut.String(), "Ctrl-D") {
		t.Errorf("no word that the batch reads the terminal: %q", e.ErrOut)
	}
}

func TestBatchBuyInterruptedAndResumedBuysNothingTwice(t *testing.T) {
	// Every purchase takes 200 ms at the sandbox; the batch is interrupted
	// after a few and resumed.
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=delay:200ms"})
	e.F.Globals.Yes = true
	var b strings.Builder
	const n = 12
	for i := range n {
		fmt.Fprintf(&b, `{"vin":%q,"brand_factory":20}`+"\n", batchVIN(i))
	}
	file := writeFile(t, "cars.jsonl", b.String())
	ctx, cancel := context.WithCancelCause(t.Context())
	time.AfterFunc(500*time.Millisecond, func() { cancel(&cmdutil.Interrupted{Signal: syscall.SIGINT}) })
	err := runCtx(ctx, e, "--batch", file, "--concurrency", "2")
	if cmdutil.ExitCode(err) != 130 {
		t.Fatalf("exit %d (%v), want 130", cmdutil.ExitCode(err), err)
	}
	first := parseLines(t, e.Out.String())
	if len(first) != n {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(first), n, e.Out)
	}
	done := 0
	for _, l := range first {
		switch l.Outcome {
		case "ok":
			done++
		case "not_attempted":
		default:
			t.Fatalf("line %+v", l)
		}
	}
	if done == 0 || done == n {
		t.Fatalf("%d lines done before the interrupt; the test wants some", done)
	}
	if !strings.Contains(e.ErrOut.String(), "--resume") {
		t.Fatalf("no resume hint: %q", e.ErrOut)
	}
	if got := len(sandboxOrders(t, e)); got != done {
		t.Fatalf("sandbox holds %d orders, the output says %d", got, done)
	}
	e.Reset()
	if err := runCtx(t.Context(), e, "--batch", file, "--concurrency", "3", "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	second := parseLines(t, e.Out.String())
	skipped := 0
	for i, l := range second {
		if first[i].Outcome == "ok" {
			if l.Outcome != "skipped" || l.Input["order_id"] != first[i].Input["order_id"] {
				t.Fatalf("line done in the first run: %+v", l)
			}
			skipped++
		} else if l.Outcome != "ok" {
			t.Fatalf("line %+v", l)
		}
	}
	if skipped != done || count(e, paoding.PathReportBuy) != n-done {
		t.Fatalf("skipped %d, bought %d; want %d and %d", skipped, count(e, paoding.PathReportBuy), done, n-done)
	}
	// The summary's rate is of the lines sent this time, not of the
	// skipped ones, which took no time.
	if want := fmt.Sprintf("(%d run, ", n-done); !strings.Contains(e.ErrOut.String(), want) {
		t.Errorf("summary without %q: %q", want, e.ErrOut)
	}
	orders := sandboxOrders(t, e)
	if len(orders) != n {
		t.Fatalf("sandbox holds %d orders for %d lines", len(orders), n)
	}
	seen := map[string]bool{}
	for _, v := range orders {
		if seen[v] {
			t.Fatalf("vehicle %s bought twice", v)
		}
		seen[v] = true
	}
}

func TestBatchResumeResolvesAnInFlightBuyByLookingItUp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	line := fmt.Sprintf(`{"vin":%q,"brand_factory":20,"order_id":"FLY-1"}`, batchVIN(1))
	// An earlier run bought it and died before recording the answer.
	if err := run(t, e, "--vin", batchVIN(1), "--brand-factory", "20", "--order-id", "FLY-1"); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.PutBatchLine(t.Context(), "vin-report buy", config.SandboxProfile, batch.Hash([]byte(line)), store.BatchLine{Line: 1, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	file := writeFile(t, "one.jsonl", line+"\n")
	if err := runCtx(t.Context(), e, "--batch", file, "--resume"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	l := parseLines(t, e.Out.String())
	if len(l) != 1 || l[0].Outcome != "ok" || !strings.Contains(string(l[0].Result), "resolvedAfterNetworkFailure") {
		t.Fatalf("%s", e.Out)
	}
	if count(e, paoding.PathReportBuy) != 0 {
		t.Fatalf("resent: %v", e.ReceivedPaths())
	}
}

func TestBatchBuyNeedsYesInAScript(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	file := writeFile(t, "one.jsonl", fmt.Sprintf(`{"vin":%q,"brand_factory":20}`+"\n", batchVIN(1)))
	err := runCtx(t.Context(), e, "--batch", file)
	if cmdutil.ExitCode(err) != 2 || count(e, paoding.PathReportBuy) != 0 || e.Out.Len() != 0 {
		t.Fatalf("exit %d: %v; %s", cmdutil.ExitCode(err), err, e.Out)
	}
}

func TestBatchBuyStopsAtAQuotaAnswer(t *testing.T) {
	// The platform answers 429 to a purchase: a rate limit (exit 7).
	// Sending stops; every later line is reported, none is sent.
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=status:429"})
	buyFiveIntoAQuota(t, e)
	lines := parseLines(t, e.Out.String())
	if len(lines) != 5 || lines[0].Outcome != "rate_limit" {
		t.Fatalf("%s", e.Out)
	}
	for _, l := range lines[1:] {
		if l.Outcome != "not_attempted" {
			t.Fatalf("%+v", l)
		}
	}
	if n := count(e, paoding.PathReportBuy); n != 1 {
		t.Fatalf("%d purchases sent after a quota answer", n)
	}
	if !strings.Contains(e.ErrOut.String(), "4 line(s) not attempted (first: line 2)") {
		t.Fatalf("summary: %q", e.ErrOut)
	}
}

// With stdout and stderr on the same terminal, a result line must not
// start where the bar ends ("…[0s:0s]{"line":2,…"): the bar leaves its
// line before each result is written and comes back after it.
func TestBatchOnATerminalWritesResultsOnTheirOwnLines(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Yes = true
	e.F.IOStreams.ErrOut = e.Out // one terminal
	for i := range 3 {
		fmt.Fprintf(e.In, `{"vin":%q,"brand_factory":20}`+"\n", batchVIN(i))
	}
	if err := runCtx(t.Context(), e, "--batch", "-"); err != nil {
		t.Fatalf("%v\n%s", err, e.Out)
	}
	screen := e.Out.String()
	if !strings.Contains(screen, "lines/s") {
		t.Fatalf("no progress bar: %q", screen)
	}
	n := 0
	for i := strings.Index(screen, `{"line":`); i >= 0; {
		n++
		if i > 0 && screen[i-1] != '\n' && screen[i-1] != '\r' {
			t.Errorf("a result line starts after %q", screen[max(0, i-20):i])
		}
		j := strings.Index(screen[i+1:], `{"line":`)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if n != 3 {
		t.Errorf("%d result lines on the terminal: %q", n, screen)
	}
}

// The same line twice in one input, with --resume on a first run: the
// second copy found the first's in-flight entry and was reported as an
// earlier run's unknown outcome (exit 5), though nothing had been sent
// before, or the second was "skipped, done in an earlier run" when the
// first had finished. Each copy is now handled as without --resume (the
// repeat is refused as a repeat of the first), and the line stays done
// for the next --resume although the refused copy finished last: there
// the first copy is skipped and the second refused again.
func TestBatchResumeWithTheSameLineTwiceInOneInput(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	line := fmt.Sprintf(`{"vin":%q,"brand_factory":20}`+"\n", batchVIN(7))
	file := writeFile(t, "twice.jsonl", line+line)
	err := runCtx(t.Context(), e, "--batch", file, "--resume", "--concurrency", "1")
	got := parseLines(t, e.Out.String())
	if len(got) != 2 {
		t.Fatalf("%d output lines for 2 input lines:\n%s", len(got), e.Out)
	}
	for _, l := range got {
		if strings.Contains(l.Message, "earlier run") {
			t.Errorf("line %d blamed on an earlier run: %+v", l.Line, l)
		}
	}
	if got[0].Outcome != "ok" || got[1].Outcome != "usage" || !strings.Contains(got[1].Message, "nothing was sent") || cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d, want line 1 bought and line 2 refused as a repeat:\n%s", cmdutil.ExitCode(err), e.Out)
	}
	if n := count(e, "/4s/report/buy"); n != 1 {
		t.Fatalf("%d purchases sent, want 1", n)
	}
	e.Reset()
	err = runCtx(t.Context(), e, "--batch", file, "--resume")
	got = parseLines(t, e.Out.String())
	if cmdutil.ExitCode(err) != 2 || len(got) != 2 || got[0].Outcome != "skipped" || got[1].Outcome != "usage" {
		t.Errorf("second run: exit %d, want line 1 skipped (it was bought) and line 2 refused as its repeat:\n%s", cmdutil.ExitCode(err), e.Out)
	}
	if n := count(e, "/4s/report/buy"); n != 0 {
		t.Errorf("the second run sent %d purchases", n)
	}
}
