package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// cancelOnWrite cancels a context at its first write: the -v log of a
// request, which the transport writes before it hands the request on.
type cancelOnWrite struct {
	once   sync.Once
	cancel context.CancelFunc
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.once.Do(c.cancel)
	return len(p), nil
}

// A Ctrl-C after the -v log showed the request but before net/http asked
// for a connection sent nothing. The journal row said so, and the error
// said the act's outcome was unknown; both now say nothing was sent.
func TestCancelledBeforeConnectingSentNothing(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	j := &entries{}
	c := httpx.NewClient(httpx.Options{Timeout: 5 * time.Second, Verbose: &cancelOnWrite{cancel: cancel}, Journal: j})
	_, err := httpx.Send(ctx, c, actOn(srv.URL))
	fe := failureOf(t, err, failure.Network)
	if fe.Unknown || !strings.Contains(fe.Message, "nothing was sent") || strings.Contains(fe.Hint, "look the order up") {
		t.Errorf("%v (unknown %v, hint %q)", fe, fe.Unknown, fe.Hint)
	}
	if hits.Load() != 0 {
		t.Errorf("the server was reached %d times", hits.Load())
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.list) != 1 || j.list[0].Verdict == nil || !j.list[0].Verdict.NotSent {
		t.Errorf("journal: %+v", j.list)
	}
}

type entries struct {
	mu   sync.Mutex
	list []httpx.Entry
}

func (j *entries) Record(_ context.Context, e httpx.Entry) {
	j.mu.Lock()
	j.list = append(j.list, e)
	j.mu.Unlock()
}
