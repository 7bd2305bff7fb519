package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memJournal is a resume table in memory.
type memJournal struct {
	mu sync.Mutex
	m  map[string]Entry
}

func (j *memJournal) GetBatchLine(_ context.Context, _, _, hash string) (*Entry, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if e, ok := j.m[hash]; ok {
		return &e, nil
	}
	return nil, nil
}

func (j *memJournal) PutBatchLine(_ context.Context, _, _, hash string, e Entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if old, ok := j.m[hash]; ok && old.Outcome == OutcomeOK && e.Outcome != OutcomeOK {
		return nil // a line done stays done, as in pkg/store
	}
	e.UpdatedAt = time.Now()
	j.m[hash] = e
	return nil
}

func (j *memJournal) FinishBatchLine(ctx context.Context, c, p, hash string, e Entry) error {
	return j.PutBatchLine(ctx, c, p, hash, e)
}

// resumeRun runs in with --resume over a journal in which an earlier run
// did the line done, and returns the output and the lines Run saw.
func resumeRun(t *testing.T, in, done string, concurrency int) ([]Line, []int) {
	t.Helper()
	j := &memJournal{m: map[string]Entry{
		Hash([]byte(done)): {Line: 1, Outcome: OutcomeOK, Result: json.RawMessage(`{"earlier":true}`), UpdatedAt: time.Now().Add(-time.Hour)},
	}}
	var mu sync.Mutex
	var ran []int
	var out bytes.Buffer
	_, err := Run(t.Context(), Options{In: strings.NewReader(in), Format: FormatJSONL, Concurrency: concurrency, Out: &out,
		Journal: j, Resume: true,
		// An act that settles its own repeats (vin-report buy does, by
		// vehicle): the engine's refusal of identical act lines
		// (repeatedAct) is not what these tests are about.
		Adapter: Adapter{Command: "test", Act: true, SettlesRepeats: true, Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			mu.Lock()
			ran = append(ran, rec.Line)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			return json.RawMessage(`{}`), nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	return lines(t, out.String()), ran
}

// A line an earlier run did, given three times: every copy found that
// run's record by the line's hash and was skipped, a repeated purchase
// the first run had refused included. Only the first copy is; the others
// run as they would without --resume, at any concurrency.
func TestResumeGivesTheEarlierRunsRecordToTheFirstCopyOnly(t *testing.T) {
	done := `{"id":"done"}`
	in := done + "\n" + `{"id":"other"}` + "\n" + done + "\n" + done + "\n"
	for _, conc := range []int{1, 8, 8, 8, 8, 8, 8, 8, 8} {
		got, ran := resumeRun(t, in, done, conc)
		if len(got) != 4 || got[0].Outcome != OutcomeSkipped || got[1].Outcome != OutcomeOK ||
			got[2].Outcome != OutcomeOK || got[3].Outcome != OutcomeOK || len(ran) != 3 {
			t.Fatalf("concurrency %d: ran lines %v, output %+v; want line 1 skipped and lines 2 to 4 run", conc, ran, got)
		}
	}
}

// The copies a --resume run remembers are bounded (keepCopies): a copy
// farther back is taken for a first copy again, and memory stays flat.
func TestResumeRemembersABoundedWindowOfCopies(t *testing.T) {
	defer func(n int) { keepCopies = n }(keepCopies)
	keepCopies = 4
	done := `{"id":"done"}`
	var b strings.Builder
	b.WriteString(done + "\n")
	for i := range 5 {
		fmt.Fprintf(&b, `{"id":"%d"}`+"\n", i)
	}
	b.WriteString(done + "\n")
	got, _ := resumeRun(t, b.String(), done, 1)
	if len(got) != 7 || got[0].Outcome != OutcomeSkipped || got[6].Outcome != OutcomeSkipped {
		t.Fatalf("a copy 6 lines on, past a window of 4: %+v", got)
	}
	c := newCopies()
	for i := range 1000 {
		c.see(Hash(fmt.Appendf(nil, "%d", i)), i, &copyState{done: make(chan struct{})})
	}
	if len(c.newest) > keepCopies || len(c.done) > keepCopies {
		t.Fatalf("%d contents (%d done channels) remembered, want at most %d", len(c.newest), len(c.done), keepCopies)
	}
}

// A JSON line repeating a member was told to give a vin-report buy line
// (`{"vin":"LSVAU2180N2100035","brand_factory":20}`) whatever the command.
// The hint is a line of the command's fields (Adapter.Fields), else the
// line's own members, each once.
func TestRepeatedMemberHintIsTheCommandsOwn(t *testing.T) {
	var ran atomic.Int32
	run := func(a Adapter, in string) Line {
		t.Helper()
		a.Run = func(context.Context, *Record) (json.RawMessage, error) { ran.Add(1); return json.RawMessage(`{}`), nil }
		var out bytes.Buffer
		sum, err := Run(t.Context(), Options{In: strings.NewReader(in + "\n"), Format: FormatJSONL, Out: &out, Adapter: a})
		got := lines(t, out.String())
		if err != nil || sum.ExitCode != 2 || len(got) != 1 || got[0].Outcome != "usage" {
			t.Fatalf("%s: %v %+v %s", in, err, sum, out.String())
		}
		return got[0]
	}
	orderID := []Field{{Names: []string{"order_id", "orderId"}, Example: `"INSB0001"`}}
	for _, tc := range []struct {
		adapter Adapter
		in      string
		hint    string
	}{
		{Adapter{Fields: orderID}, `{"order_id":"A","order_id":"B"}`, `give each member once, e.g. {"order_id":"INSB0001"}`},
		{Adapter{}, `{"orderId":"A","orderId":"B"}`, `give each member once, e.g. {"orderId":"…"}`},
		{Adapter{}, `{"policyNumber":"P1","type":"A","policyNumber":"P2","date":"2026-12-01"}`,
			`give each member once, e.g. {"policyNumber":"…","type":"…","date":"…"}`},
		{Adapter{}, `{"policy":{"no":"1","no":"2"}}`, `give each member once: keep one "policy.no" and remove the other`},
	} {
		l := run(tc.adapter, tc.in)
		if l.Hint != tc.hint || strings.Contains(l.Hint, "vin") {
			t.Errorf("%s: hint %q, want %q", tc.in, l.Hint, tc.hint)
		}
	}
	if ran.Load() != 0 {
		t.Fatalf("%d lines run", ran.Load())
	}
}

// slowFirstLookUp is a journal whose first look-up is slow, as a busy
// store's can be: later copies of the line, sent meanwhile, write its
// record before the first copy reads it.
type slowFirstLookUp struct {
	*memJournal
	once sync.Once
}

func (j *slowFirstLookUp) GetBatchLine(ctx context.Context, c, p, hash string) (*Entry, error) {
	j.once.Do(func() { time.Sleep(100 * time.Millisecond) })
	return j.memJournal.GetBatchLine(ctx, c, p, hash)
}

// A later copy that finished before the first copy looked the line up
// wrote the line's record, and the first copy took it for this run's own
// and sent the line the earlier run had done. Later copies wait for the
// copy before them.
func TestResumeFirstCopyIsNotOvertakenByItsLaterCopies(t *testing.T) {
	done := `{"id":"done"}`
	j := &slowFirstLookUp{memJournal: &memJournal{m: map[string]Entry{
		Hash([]byte(done)): {Line: 1, Outcome: OutcomeOK, Result: json.RawMessage(`{"earlier":true}`), UpdatedAt: time.Now().Add(-time.Hour)},
	}}}
	var mu sync.Mutex
	var ran []int
	var out bytes.Buffer
	_, err := Run(t.Context(), Options{In: strings.NewReader(done + "\n" + done + "\n" + done + "\n"), Format: FormatJSONL, Concurrency: 4, Out: &out,
		Journal: j, Resume: true,
		// An act that settles its own repeats (vin-report buy does, by
		// vehicle): the engine's refusal of identical act lines
		// (repeatedAct) is not what these tests are about.
		Adapter: Adapter{Command: "test", Act: true, SettlesRepeats: true, Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
			mu.Lock()
			ran = append(ran, rec.Line)
			mu.Unlock()
			return json.RawMessage(`{}`), nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if len(got) != 3 || got[0].Outcome != OutcomeSkipped || len(ran) != 2 {
		t.Fatalf("ran lines %v, output %+v; want line 1 skipped as the earlier run's and lines 2 and 3 run", ran, got)
	}
}

// The hints of a line too long, with data after its object, or CSV read
// as JSON Lines showed vin-report's line to every command; with the
// command's fields they show its own.
func TestReadErrorHintsShowTheCommandsOwnLine(t *testing.T) {
	plateCity := []Field{{Names: []string{"plate"}, Example: `"京J97896"`}, {Names: []string{"city"}, Example: `"1"`}}
	long := strings.Repeat("a", MaxLineSize+1)
	for _, tc := range []struct{ in, format, hint string }{
		{`{"plate":"京J97896","city":"1"}}`, FormatJSONL, `e.g. {"plate":"京J97896","city":"1"}`},
		{`京J97896,1`, FormatJSONL, `e.g. {"plate":"京J97896","city":"1"}`},
		{`{"plate":"` + long + `"}`, FormatJSONL, `e.g. {"plate":"京J97896","city":"1"}`},
		{"plate,city\n" + long, FormatCSV, `e.g. a header row plate,city`},
	} {
		var out bytes.Buffer
		a := Adapter{Fields: plateCity, Run: func(context.Context, *Record) (json.RawMessage, error) { return json.RawMessage(`{}`), nil }}
		if _, err := Run(t.Context(), Options{In: strings.NewReader(tc.in + "\n"), Format: tc.format, Out: &out, Adapter: a}); err != nil {
			t.Fatal(err)
		}
		got := lines(t, out.String())
		if len(got) != 1 || !strings.Contains(got[0].Hint, tc.hint) || strings.Contains(got[0].Hint, "order_id") || strings.Contains(got[0].Hint, "vin") {
			t.Errorf("%.40s: %+v, want a hint with %q", tc.in, got, tc.hint)
		}
	}
}
