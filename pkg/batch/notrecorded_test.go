package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

// fullJournal fails every write as the store does on a full disk.
type fullJournal struct{ memJournal }

func (j *fullJournal) PutBatchLine(context.Context, string, string, string, Entry) error {
	return &failure.Error{Kind: failure.Unexpected, Err: errors.New("database or disk is full (13)"),
		Message: "the local store /s/insure.db is full: no space left on its disk",
		Hint:    "free space on that disk, then run the same command again with --resume"}
}

// An act whose in-flight entry cannot be committed is not sent, and its
// line says so, with why in the store's words and the store's hint (it
// lost "nothing was sent" to the store's message, and had no hint).
func TestActNotRecordedBeforeSendingSaysNothingWasSentAndWhatToDo(t *testing.T) {
	var out bytes.Buffer
	sent := 0
	sum, err := Run(t.Context(), Options{In: strings.NewReader(`{"id":1}` + "\n" + `{"id":2}` + "\n"), Format: FormatJSONL,
		Concurrency: 1, Out: &out, Journal: &fullJournal{memJournal{m: map[string]Entry{}}},
		Adapter: Adapter{Command: "test", Act: true, Run: func(context.Context, *Record) (json.RawMessage, error) {
			sent++
			return json.RawMessage(`{}`), nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, out.String())
	if sent != 0 || len(got) != 2 || sum.ExitCode != failure.ExitUnexpected {
		t.Fatalf("sent %d, %d lines, exit %d\n%s", sent, len(got), sum.ExitCode, out.String())
	}
	for _, l := range got {
		if l.ExitCode != failure.ExitUnexpected || !strings.HasPrefix(l.Message, "not sent:") ||
			!strings.Contains(l.Message, "/s/insure.db is full") || !strings.Contains(l.Hint, "--resume") {
			t.Errorf("line %+v", l)
		}
	}
}
