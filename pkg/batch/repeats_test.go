package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
)

// An act's identical lines (issue one quotation twice, cancel one policy
// twice) were sent side by side: which copy the platform took depended on
// timing, so line 1 could read "refused" for what line 3 did, and the
// batch exited 4. They are settled in input order: the first copy is
// sent, a later copy waits for it and is refused, nothing sent, when it
// may have gone through; after a refusal the next copy is sent.
func TestAnActsRepeatedLineIsSentOnceInInputOrder(t *testing.T) {
	same := `{"quotationNumber":"Q1"}`
	refused := `{"quotationNumber":"Q2"}`
	in := same + "\n" + refused + "\n" + same + "\n" + refused + "\n" + same + "\n"
	for range 20 {
		var mu sync.Mutex
		var sent []int
		var out bytes.Buffer
		sum, err := Run(t.Context(), Options{In: strings.NewReader(in), Format: FormatJSONL, Concurrency: 8, Out: &out,
			Adapter: Adapter{Command: "issue", Act: true, Echo: [][]string{{"quotationNumber"}},
				Run: func(ctx context.Context, rec *Record) (json.RawMessage, error) {
					mu.Lock()
					sent = append(sent, rec.Line)
					mu.Unlock()
					if rec.Line == 1 {
						time.Sleep(20 * time.Millisecond) // the first copy is the slow one
					}
					if rec.Str("quotationNumber") == "Q2" {
						return nil, &failure.Error{Kind: failure.Refused, Code: "400", Message: "not issued"}
					}
					return json.RawMessage(`{"policyNumber":"P1"}`), nil
				}}})
		if err != nil {
			t.Fatal(err)
		}
		got := lines(t, out.String())
		if len(got) != 5 {
			t.Fatalf("%d output lines for 5", len(got))
		}
		want := []string{OutcomeOK, "refused", "usage", "refused", "usage"}
		for i, l := range got {
			if l.Outcome != want[i] {
				t.Fatalf("line %d: %s (%s), want %s; sent %v", i+1, l.Outcome, l.Message, want[i], sent)
			}
		}
		for _, i := range []int{2, 4} {
			if !strings.Contains(got[i].Message, "repeats line 1 of this input") || got[i].Hint == "" {
				t.Fatalf("line %d: %q (hint %q)", i+1, got[i].Message, got[i].Hint)
			}
		}
		mu.Lock()
		n := len(sent)
		mu.Unlock()
		if n != 3 || sum.ExitCode != failure.ExitRefused {
			t.Fatalf("sent lines %v, exit %d; want lines 1, 2 and 4 sent, exit 4", sent, sum.ExitCode)
		}
	}
}
