package find_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// A Sunshine underwriting (120) whose answers were lost, sent three
// times: one act in doubt, not "and 2 earlier unknown act(s)". Found by
// its session, the state names the session (the purchase), not its TB
// order numbers ("orders TB…, TB…01 and TB…02 session started").
func TestFindCountsAnActSentAgainOnceAndNamesTheSession(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	s := field(t, run(t, e, "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000",
		"-f", examples+"sunshine/answers-quote.yaml"), "sessionId")
	keys := map[string]string{"sessionId": s, "orderId": "TB" + s + ",TB" + s + "01,TB" + s + "02", "plate": "冀A00021"}
	at := time.Now().Add(time.Minute)
	for i := range 3 {
		en := httpx.Entry{Time: at.Add(time.Duration(i) * time.Second), Profile: "sandbox", Provider: "sunshine", Operation: "txn.120",
			Method: "POST", URL: "http://x/sunshine/InterFaceServlet", Error: "read: connection reset by peer", Keys: keys}
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	state := field(t, run(t, e, "find", s), "state")
	if !strings.HasPrefix(state, "session "+s+" started ") || strings.Contains(state, "orders TB") {
		t.Errorf("the state does not name the session first: %q", state)
	}
	if !strings.Contains(state, "last step underwritten") || strings.Contains(state, "earlier unknown act") {
		t.Errorf("one act sent three times read as several: %q", state)
	}
}
