package show

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// The person quits the pager (q) on the first screen of an entry with a
// long answer: show exits 0 and says nothing of a broken pipe.
func TestShowSucceedsWhenThePagerQuitsAtOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	// An answer longer than a pipe holds (64 KiB): the write after the
	// pager ended fails, whenever the pager ends.
	body := `{"items":["` + strings.Repeat("x", 256<<10) + `"]}`
	id, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "paoding", Operation: "brand.list",
		Method: "GET", URL: "http://x", Status: 200, Response: "HTTP/1.1 200 OK\nContent-Type: application/json\n\n" + body})
	if err != nil {
		t.Fatal(err)
	}
	e.F.IOStreams.SetPager("true")
	err = Run(&Options{Ctx: context.Background(), IO: e.F.IOStreams, Store: e.F.Store, OutputOptions: e.F.OutputOptions, ID: id})
	if err != nil || e.ErrOut.Len() != 0 {
		t.Fatalf("%v\n%s", err, e.ErrOut.String())
	}
}
