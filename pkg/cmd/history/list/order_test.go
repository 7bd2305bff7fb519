package list

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// The list is newest first by the time each request was sent, then by
// id: rows written out of send order (another process, a batch's
// write-behind) came out in id order. The times differ by fractions of a
// second, which RFC 3339 text does not sort ("…:02Z" after "…:02.25Z").
func TestListIsNewestSentFirst(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	base := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	// In the order written: ids 1 to 5.
	sent := []time.Duration{2 * time.Second, 1500 * time.Millisecond, 2250 * time.Millisecond, 0, 2 * time.Second}
	for i, d := range sent {
		en := httpx.Entry{Time: base.Add(d), Profile: "sandbox", Provider: "paoding", Operation: "report.get",
			Keys: map[string]string{"orderId": fmt.Sprintf("O-%d", i+1)}, Method: "GET", URL: "http://x", Status: 200}
		if _, err := e.Store.RecordEntry(t.Context(), en); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		want []int64
	}{
		{[]string{"-L", "0"}, []int64{3, 5, 1, 2, 4}},
		{[]string{"-L", "2"}, []int64{3, 5}},
	} {
		e.Reset()
		cmd := NewCmdList(e.F, nil)
		cmd.SetArgs(append([]string{"--since", "2026-11-30T00:00:00Z"}, c.args...))
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		var rows []struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(e.Out.Bytes(), &rows); err != nil {
			t.Fatalf("%v: %s", err, e.Out.String())
		}
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("%v: ids %v, want %v (newest sent first)", c.args, ids, c.want)
		}
	}
}
