package httpx_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
)

// A request in flight when SIGTERM, Ctrl-C or a closed terminal cancels
// the command's context (cmdutil.NotifyInterrupt's cause) is journalled
// with the signal's name, so history and find can say the command exited
// 143, 130 or 129 rather than the row's exit class 5. A cancellation
// without a signal, or a deadline, names none.
func TestJournalNamesTheSignalThatCutARequestShort(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release // the answer never comes
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // before Close, which waits for the handlers
	for _, c := range []struct {
		name  string
		cause error
		want  string
	}{
		{"SIGTERM", &cmdutil.Interrupted{Signal: syscall.SIGTERM}, "SIGTERM"},
		{"SIGINT", &cmdutil.Interrupted{Signal: syscall.SIGINT}, "SIGINT"},
		{"SIGHUP", &cmdutil.Interrupted{Signal: syscall.SIGHUP}, "SIGHUP"},
		{"cancelled without a signal", errors.New("the batch stopped"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			go func() {
				<-arrived
				cancel(c.cause)
			}()
			j := &entries{}
			client := httpx.NewClient(httpx.Options{Timeout: 10 * time.Second, Journal: j})
			if _, err := httpx.Send(ctx, client, actOn(srv.URL)); err == nil {
				t.Fatal("an interrupted request succeeded")
			}
			j.mu.Lock()
			defer j.mu.Unlock()
			if len(j.list) != 1 {
				t.Fatalf("%d journal entries, want 1", len(j.list))
			}
			if e := j.list[0]; e.Interrupted != c.want || e.Error == "" {
				t.Errorf("entry interrupted %q (error %q), want %q", e.Interrupted, e.Error, c.want)
			}
		})
	}
}
