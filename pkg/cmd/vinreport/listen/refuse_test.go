package listen

import (
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
)

// Whoever can reach the listener chooses the orderId it prints. Escape
// sequences in it (ESC, or the 8-bit C1 forms encoding/json writes raw)
// must reach neither stderr's messages nor stdout's JSON line as controls.
func TestSenderTextCannotDriveTheTerminal(t *testing.T) {
	r := start(t, func(o *Options) { o.Count = 2 })
	id := "O-\x1b]0;owned\x07\x1b[2J\u009b2J\u009d0;t\u009c-1"
	body := url.Values{"status": {"2"}, "orderId": {id}, "platformOrderId": {"P-1"}}.Encode()
	for i := 0; i < 2; i++ { // the second is a duplicate, said on stderr
		if code, answer := r.post(t, form, body); code != 200 || answer != paoding.NotificationAck {
			t.Fatalf("post %d: %d %q", i, code, answer)
		}
	}
	<-r.done
	r.done <- nil
	out, errOut := r.out.String(), r.errOut.String()
	for _, c := range []string{"\x1b", "\x07", "\u009b", "\u009d", "\u009c"} {
		if strings.Contains(out, c) {
			t.Errorf("stdout carries %q raw: %q", c, out)
		}
		if strings.Contains(errOut, c) {
			t.Errorf("stderr carries %q raw: %q", c, errOut)
		}
	}
	if !strings.Contains(errOut, `duplicate notification for order "O-`) {
		t.Errorf("stderr %q", errOut)
	}
	// The record keeps the id as sent: only what is shown is cleaned.
	if recs, _ := r.store.Notifications(t.Context(), paoding.Provider, id); len(recs) != 1 {
		t.Errorf("recorded %+v", recs)
	}
}

// A status outside the four report states (the document's own report
// example shows "30") is still acknowledged and recorded, as "unknown":
// refusing it would make the platform give up on the notification after
// its retries, and the order's state can still be read with get.
func TestNotificationWithAnUnknownStatusIsKept(t *testing.T) {
	r := start(t, func(o *Options) { o.Count = 1 })
	body := url.Values{"status": {"30"}, "orderId": {"O-30"}, "platformOrderId": {"P-30"}}.Encode()
	if code, answer := r.post(t, form, body); code != 200 || answer != paoding.NotificationAck {
		t.Fatalf("answered %d %q", code, answer)
	}
	<-r.done
	r.done <- nil
	if out := r.out.String(); !strings.Contains(out, `"O-30"`) || !strings.Contains(out, `"unknown"`) {
		t.Errorf("stdout %q", out)
	}
	if recs, _ := r.store.Notifications(t.Context(), paoding.Provider, "O-30"); len(recs) != 1 {
		t.Errorf("recorded %+v", recs)
	}
}
