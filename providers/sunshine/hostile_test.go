package sunshine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/httpx/httpxtest"
	"github.com/insurekit/insure/providers/sunshine"
)

const hostileSession = "20260302100000123456"

func hostileClient(t *testing.T, base string, timeout time.Duration) *sunshine.Client {
	return newPlatform(t).client(t, func(c *sunshine.Config) {
		c.BaseURL = base
		c.HTTP = httpx.NewClient(httpx.Options{Timeout: timeout})
		c.RetryDelay = time.Millisecond
	})
}

var payCheck = sunshine.RequestSpec{Transaction: "125", SessionID: hostileSession}

func TestHostileRedirect(t *testing.T) {
	from, to := httpxtest.Redirect(t, http.StatusTemporaryRedirect)
	c := hostileClient(t, from.URL+"/InterFaceServlet", 5*time.Second)
	_, err := c.Send(context.Background(), payCheck)
	fe := assertFailure(t, err, failure.Network, "307", to.URL+"/InterFaceServlet")
	if !fe.Unknown {
		t.Errorf("unknown %v", fe.Unknown)
	}
	if to.Hits() != 0 {
		t.Errorf("the second host received %d signed requests", to.Hits())
	}
}

func TestHostileHugeAnswer(t *testing.T) {
	srv := httpxtest.Huge(t, 256<<20, "text/xml; charset=GBK")
	c := hostileClient(t, srv.URL, 20*time.Second)
	_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "050"})
	if fe := assertFailure(t, err, failure.Verification, "", "larger than 1048576 bytes"); fe.Unknown {
		t.Error("050 changes nothing, yet the outcome is unknown")
	}
	_, err = c.Send(context.Background(), payCheck)
	if fe := assertFailure(t, err, failure.Verification, "", "larger than 4194304 bytes"); !fe.Unknown || !strings.Contains(fe.Hint, hostileSession) {
		t.Errorf("125: unknown %v hint %q", fe.Unknown, fe.Hint)
	}
}

func TestHostileSlowBody(t *testing.T) {
	srv := httpxtest.Trickle(t, 20*time.Millisecond)
	start := time.Now()
	_, err := hostileClient(t, srv.URL, 300*time.Millisecond).Send(context.Background(), payCheck)
	if fe := assertFailure(t, err, failure.Network, "", "within 300ms"); !fe.Unknown || time.Since(start) > 2*time.Second {
		t.Errorf("after %s: %v", time.Since(start), fe)
	}
}

// The platform answers identical requests identically, so a 5xx is
// repeated (three attempts) and then left unknown with the SessionId.
func TestHostile5xxAfterActing(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "bad gateway", http.StatusBadGateway)
	}))
	defer srv.Close()
	_, err := hostileClient(t, srv.URL, 5*time.Second).Send(context.Background(), payCheck)
	fe := assertFailure(t, err, failure.Network, "502", "3 attempts")
	if !fe.Unknown || !strings.Contains(fe.Hint, hostileSession) || hits.Load() != 3 {
		t.Errorf("unknown %v hint %q, sent %d times", fe.Unknown, fe.Hint, hits.Load())
	}
}
