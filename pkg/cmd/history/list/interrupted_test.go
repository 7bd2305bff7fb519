package list

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// A request Ctrl-C cut short reads "unknown" with exit class 5, yet the
// command exited 130: the status cell says so, in history show's and
// find's words; JSON names the signal beside the journal's class.
func TestListSaysARequestWasInterrupted(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, en := range []httpx.Entry{
		{Operation: "report.buy", Error: `Post "http://x": context canceled`, Interrupted: "SIGINT"},
		{Operation: "report.get", Error: "connection reset"},
	} {
		en.Time, en.Profile, en.Provider, en.Method, en.URL = time.Now(), "sandbox", "paoding", "POST", "http://x"
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	out := listAs(t, e, "table", "--for-profile", "sandbox")
	var buy, get string
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(l, "report.buy"):
			buy = l
		case strings.Contains(l, "report.get"):
			get = l
		}
	}
	if !strings.Contains(buy, "unknown 130, interrupted (SIGINT)") {
		t.Errorf("interrupted row %q", buy)
	}
	if strings.Contains(get, "interrupted") || !strings.Contains(get, "\tunknown\t") {
		t.Errorf("row lost to the network %q", get)
	}
	var rows []struct {
		Operation   string `json:"operation"`
		ExitClass   int    `json:"exit_class"`
		Interrupted string `json:"interrupted"`
	}
	if err := json.Unmarshal([]byte(listAs(t, e, "json", "--for-profile", "sandbox")), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%v %+v", err, rows)
	}
	for _, r := range rows {
		want := ""
		if r.Operation == "report.buy" {
			want = "SIGINT"
		}
		if r.Interrupted != want || r.ExitClass != 5 {
			t.Errorf("JSON row %+v", r)
		}
	}
}
