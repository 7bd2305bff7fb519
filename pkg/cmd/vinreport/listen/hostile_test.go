package listen

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/paoding"
)

// rawPost sends one notification on conn as a hostile client would, with
// the HTTP version given, and returns the answer's bytes as they came.
func rawPost(t *testing.T, conn net.Conn, proto, body string) {
	t.Helper()
	fmt.Fprintf(conn, "POST /notify %s\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", proto, len(body), body)
}

func dialListener(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// The acknowledgement is the document's body, "success", byte for byte
// and framed by its length, for HTTP/1.1 and HTTP/1.0 senders alike;
// before, HTTP/1.1 got it chunked ("7\r\nsuccess\r\n0\r\n\r\n" on the
// wire), which a sender comparing the raw body does not take for success.
func TestAcknowledgementIsExactlySuccess(t *testing.T) {
	r := start(t, nil)
	for i, proto := range []string{"HTTP/1.1", "HTTP/1.0"} {
		c := dialListener(t, r.addr)
		rawPost(t, c, proto, note(fmt.Sprintf("O-ACK-%d", i)))
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		raw, _ := io.ReadAll(c)
		head, body, ok := strings.Cut(string(raw), "\r\n\r\n")
		if !ok || !strings.HasPrefix(head, proto+" 200 ") || body != paoding.NotificationAck ||
			!strings.Contains(head, "\r\nContent-Length: 7") || strings.Contains(head, "Transfer-Encoding") {
			t.Errorf("%s answered:\n%s", proto, raw)
		}
	}
}

// Connections are not kept alive after the answer: 2 senders that each
// sent one notification and then held their connection open took both
// slots of the cap for the whole idle timeout (30s), and the next
// notification waited that long.
func TestIdleSendersDoNotHoldTheConnectionSlots(t *testing.T) {
	r := start(t, func(o *Options) { o.MaxConns = 2 })
	for i := range 2 {
		c := dialListener(t, r.addr)
		rawPost(t, c, "HTTP/1.1", note(fmt.Sprintf("O-IDLE-%d", i)))
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		// and the connection is left open, sending nothing more
	}
	c := dialListener(t, r.addr)
	rawPost(t, c, "HTTP/1.1", note("O-AFTER-IDLE"))
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("a notification behind 2 idle connections was not answered within 3s: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "success" {
		t.Fatalf("answer %q", b)
	}
}

// A forged notification that says two things at once (status given
// twice), or carries an orderId no purchase can have, is refused and
// leaves nothing in the store or on stdout.
func TestForgedNotificationIsNotRecorded(t *testing.T) {
	r := start(t, nil)
	for _, body := range []string{
		"status=2&status=3&orderId=O-TWICE&platformOrderId=P-1",
		"status=2&orderId=" + strings.Repeat("O", 51) + "&platformOrderId=P-1",
	} {
		if status, answer := r.post(t, form, body); status != http.StatusBadRequest || strings.Contains(answer, "success") {
			t.Fatalf("%.40s: %d %q", body, status, answer)
		}
	}
	r.stopped(t)
	if recs, _ := r.store.Notifications(t.Context(), paoding.Provider, "O-TWICE"); len(recs) != 0 || r.out.Len() != 0 {
		t.Fatalf("recorded %+v, printed %q", recs, r.out)
	}
	if !strings.Contains(r.errOut.String(), "status: is given 2 times") {
		t.Errorf("stderr %q", r.errOut)
	}
}

// An orderId with a line break (a purchase takes one, so it is
// recorded) cannot write a line of its own on stderr: repeated, its
// "duplicate notification" line read "...order O-1" and then a line
// "error: forged ..." that looked like insure's own.
func TestSenderLineBreakCannotForgeAStderrLine(t *testing.T) {
	r := start(t, nil)
	body := "status=2&orderId=O-1%0Aerror:+forged&platformOrderId=P-1"
	for i := range 2 {
		if status, answer := r.post(t, form, body); status != 200 || answer != "success" {
			t.Fatalf("post %d: %d %q", i, status, answer)
		}
	}
	r.stopped(t)
	if errOut := r.errOut.String(); strings.Contains(errOut, "\nerror: forged") || !strings.Contains(errOut, `order "O-1\nerror: forged"`) {
		t.Errorf("stderr:\n%s", errOut)
	}
}

// A --forward-to URL's password and token never reach stdout or stderr;
// before, both printed the URL as given, with the password, in the
// warning and the line's forward.url.
func TestForwardURLSecretsAreNotShown(t *testing.T) {
	r := start(t, func(o *Options) {
		o.ForwardTo = "http://alice:S3cret-pw@127.0.0.1:1/hook?token=T0ken-value&apiKey=K3y-value&ref=kept"
		o.Once = true
	})
	if status, _ := r.post(t, form, note("O-SECRET")); status != 200 {
		t.Fatal(status)
	}
	<-r.done
	r.done <- nil
	all := r.out.String() + r.errOut.String()
	for _, secret := range []string{"S3cret-pw", "T0ken-value", "K3y-value"} {
		if strings.Contains(all, secret) {
			t.Errorf("%s shown:\n%s", secret, all)
		}
	}
	if !strings.Contains(r.out.String(), "ref=kept") || !strings.Contains(r.errOut.String(), "warning: forwarding order O-SECRET") {
		t.Errorf("output:\n%s", all)
	}
}

// A signal (the command's context cancelled) before --once or --count is
// met ends the run with an error, which main turns into 130, 143 or 129
// as docs/troubleshooting.md says: the command did not finish. Before,
// it exited 0 with nothing on stdout, and `listen --once | xargs insure
// vin-report get` took that for done. Without --once or --count the
// signal is the normal end: nil, exit 0.
func TestInterruptBeforeOnceIsNotSuccess(t *testing.T) {
	for _, c := range []struct {
		name    string
		shape   func(*Options)
		wantErr string
	}{
		{"once", func(o *Options) { o.Once = true }, "--once was met"},
		{"count", func(o *Options) { o.Count = 3 }, "--count 3 was met: 1 of 3"},
		{"serve", nil, ""},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		r := start(t, func(o *Options) {
			o.Ctx = ctx
			if c.shape != nil {
				c.shape(o)
			}
		})
		if c.name == "count" {
			r.post(t, form, note("O-COUNT"))
		}
		cancel()
		var err error
		select {
		case err = <-r.done:
			r.done <- err
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: did not stop", c.name)
		}
		if (c.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%s: err %v, want %q", c.name, err, c.wantErr)
		}
	}
}

// A stop while a sender is still trickling its body waits the grace,
// closes it unanswered, and says so in words; before, the error was
// "context deadline exceeded" and the connection stayed open.
func TestStopWithABodyStillArrivingIsSaid(t *testing.T) {
	r := start(t, func(o *Options) { o.ShutdownGrace = 300 * time.Millisecond })
	c := dialListener(t, r.addr)
	fmt.Fprintf(c, "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: 100\r\n\r\nstatus=2", form)
	time.Sleep(100 * time.Millisecond)
	close(r.stop)
	var err error
	select {
	case err = <-r.done:
		r.done <- err
	case <-time.After(5 * time.Second):
		t.Fatal("the stop waited on the trickling sender")
	}
	if err == nil || !strings.Contains(err.Error(), "closed unanswered") {
		t.Fatalf("err %v", err)
	}
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if b, rerr := io.ReadAll(c); rerr != nil || strings.Contains(string(b), "success") {
		t.Fatalf("the trickling sender's connection: %q %v", b, rerr)
	}
}

// Notifications sent one after another, each on its own connection (as
// an HTTP/1.0 sender or one that closes after each does), are printed in
// the order they were answered; the handler of the next could hand its
// event to the printer before the handler of the last had.
func TestSequentialNotificationsPrintInTheOrderAnswered(t *testing.T) {
	const n = 30
	r := start(t, nil)
	for i := range n {
		// The answer is read by its length and the next notification sent
		// at once, as an HTTP client does, without waiting for the close.
		c := dialListener(t, r.addr)
		rawPost(t, c, "HTTP/1.1", note(fmt.Sprintf("O-SEQ-%02d", i)))
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(resp.Body); string(b) != "success" {
			t.Fatalf("%d: %q", i, b)
		}
	}
	lines := strings.Split(strings.TrimSpace(r.stopped(t).out.String()), "\n")
	if len(lines) != n {
		t.Fatalf("%d lines", len(lines))
	}
	for i, line := range lines {
		if want := fmt.Sprintf(`"orderId":"O-SEQ-%02d"`, i); !strings.Contains(line, want) {
			t.Fatalf("line %d is %s, want %s", i, line, want)
		}
	}
}

// 32 senders trickling their headers took every connection slot until
// the header timeout (5s) cut them off, and then took them again: a real
// notification waited in the backlog all that time. A connection still
// sending its headers now gives its slot up to a newer one.
func TestHeaderTricklersDoNotStarveARealSender(t *testing.T) {
	r := start(t, nil) // the default limits: 32 slots, 5s for the headers
	stopTrickling := make(chan struct{})
	defer close(stopTrickling)
	for i := range DefaultMaxConns {
		c := dialListener(t, r.addr)
		if _, err := fmt.Fprintf(c, "POST /notify HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		go func() {
			for j := 0; ; j++ {
				select {
				case <-stopTrickling:
					return
				case <-time.After(100 * time.Millisecond):
				}
				if _, err := fmt.Fprintf(c, "X-%d-%d: y\r\n", i, j); err != nil {
					return
				}
			}
		}()
	}
	// Long enough for the listener to take all 32 off the backlog.
	time.Sleep(500 * time.Millisecond)
	t0 := time.Now()
	status, answer, err := r.try(form, note("O-REAL"))
	if err != nil || status != 200 || answer != paoding.NotificationAck {
		t.Fatalf("real notification behind 32 tricklers: %d %q %v", status, answer, err)
	}
	if waited := time.Since(t0); waited > time.Second {
		t.Fatalf("real notification behind 32 tricklers was acknowledged after %s", waited)
	}
	recs, err := r.store.Notifications(context.Background(), paoding.Provider, "O-REAL")
	if err != nil || len(recs) != 1 {
		t.Fatalf("recorded %+v %v", recs, err)
	}
}
