package listen

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A notification that arrives once --once (or --count) is satisfied but
// before the listener has closed must not be answered "success": Paoding
// would stop sending it, yet it is neither printed nor forwarded.
func TestNotificationAfterTheLastIsNotAcknowledged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape func(*Options)
	}{
		{"once", func(o *Options) { o.Once = true }},
		{"count", func(o *Options) { o.Count = 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			release := make(chan struct{})
			got := make(chan string, 4)
			slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got <- r.URL.Path
				<-release
			}))
			defer slow.Close()
			defer close(release)
			r := start(t, func(o *Options) {
				tc.shape(o)
				o.ForwardTo = slow.URL + "/hook"
			})
			if status, answer := r.post(t, form, note("FIRST")); status != 200 || answer != "success" {
				t.Fatalf("first: %d %q", status, answer)
			}
			// The worker is now forwarding the first one; the listener
			// has had what it waits for.
			select {
			case <-got:
			case <-time.After(5 * time.Second):
				t.Fatal("the first notification was not forwarded")
			}
			status, answer := r.post(t, form, note("SECOND"))
			release <- struct{}{}
			var err error
			select {
			case err = <-r.done:
			case <-time.After(5 * time.Second):
				t.Fatalf("listener did not stop; second answered %d %q\nstdout:\n%s\nstderr:\n%s", status, answer, r.out, r.errOut)
			}
			if err != nil {
				t.Fatalf("listener: %v", err)
			}
			r.done <- nil
			printed := strings.Contains(r.out.String(), `"orderId":"SECOND"`)
			if answer == "success" && !printed {
				t.Fatalf("SECOND was answered %d %q but never printed; stdout:\n%s", status, answer, r.out.String())
			}
			if answer == "success" {
				return
			}
			if status/100 != 5 {
				t.Errorf("SECOND answered %d %q, want a 5xx so Paoding sends it again", status, answer)
			}
			if !strings.Contains(r.errOut.String(), "SECOND") {
				t.Errorf("stderr does not say SECOND was turned away:\n%s", r.errOut.String())
			}
		})
	}
}
