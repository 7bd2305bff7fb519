package listen

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// A forged notification (status 3, a made-up platform order) was printed
// and recorded as "failed" next to the report --fetch got, which said
// status 2 with the real platform order: nothing said they disagree. The
// event names the contradiction and stderr warns; a notification that
// agrees with its report carries none.
func TestFetchFlagsANotificationTheReportContradicts(t *testing.T) {
	box := sandbox.New(sandbox.Options{State: state.NewMemory()})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == paoding.PathReportGet {
			_, _ = io.WriteString(w, `{"code":"10000","remark":"ok","data":{"status":2,"orderId":"`+r.URL.Query().Get("orderId")+`","platformOrderId":"REAL-1","numberOfAccidents":null,"resultImages":["https://x/1.png"]}}`)
			return
		}
		box.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client := paoding.New(paoding.Config{BaseURL: srv.URL, Username: sandbox.TestUsername, Password: sandbox.TestPassword, Tokens: new(tokencache.Memory)})
	r := start(t, func(o *Options) {
		o.Fetch = true
		o.Client = func() (*paoding.Client, error) { return client, nil }
	})
	if status, answer := r.post(t, form, "status=3&orderId=F-1&platformOrderId=FAKE"); status != 200 || answer != paoding.NotificationAck {
		t.Fatalf("%d %q", status, answer)
	}
	if status, _ := r.post(t, form, "status=2&orderId=G-1&platformOrderId=REAL-1"); status != 200 {
		t.Fatalf("%d", status)
	}
	r.stopped(t)
	var events []Event
	for _, line := range strings.Split(strings.TrimSpace(r.out.String()), "\n") {
		var ev Event
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		events = append(events, ev)
	}
	if len(events) != 2 {
		t.Fatalf("events:\n%s", r.out)
	}
	if c := events[0].Contradicts; !strings.Contains(c, "says status 3, the report 2") || !strings.Contains(c, "FAKE") {
		t.Errorf("forged: %q", c)
	}
	if events[1].Contradicts != "" {
		t.Errorf("genuine: %q", events[1].Contradicts)
	}
	if !strings.Contains(r.errOut.String(), "may be forged or stale") {
		t.Errorf("stderr:\n%s", r.errOut)
	}
}
