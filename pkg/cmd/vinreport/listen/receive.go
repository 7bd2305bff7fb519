package listen

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// receive answers one request: a notification is parsed, admitted,
// recorded (unless --reject turns it away), answered, and then handed to
// the worker to print.
func (l *listener) receive(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, paoding.NotificationMaxBytes)
	n, body, err := paoding.ParseNotification(r)
	if err != nil {
		status := http.StatusBadRequest
		var ne *paoding.NotificationError
		if errors.As(err, &ne) {
			status = ne.Status
		}
		fmt.Fprintf(l.errOut, "refused a request from %s: %v\n", r.RemoteAddr, err)
		w.Header().Set("Connection", "close")
		http.Error(w, err.Error(), status)
		return
	}
	ev, no := l.admit(r, n, body)
	if no != nil {
		// Told and answered outside the gate, as the answer to an
		// admitted one is: a slow writer holds no other sender up.
		fmt.Fprint(l.errOut, no.log)
		if no.closeConn {
			w.Header().Set("Connection", "close")
		}
		http.Error(w, no.answer, no.status)
		return
	}
	// The answer is exactly the document's body, framed by its length:
	// flushed without one it went out chunked.
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(ev.Answer)))
	fmt.Fprint(w, ev.Answer)
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	// The answer is given: the event goes to the worker even when the
	// sender has closed its connection since (Paoding reads "success"
	// and hangs up). Waiting on the request's context instead dropped
	// it, by select's coin toss, from stdout and --forward-to. Only a
	// worker that has finished (--once, --count) no longer takes it.
	// In the order admitted: each sender's answer comes before its next
	// notification, and a status 2 printed before the status 1 that was
	// answered first reads as the order going back.
	l.gate.Lock()
	for l.handed != ev.seq {
		l.turn.Wait()
	}
	l.gate.Unlock()
	select {
	case l.events <- ev:
	case <-l.workerDone:
	}
	l.gate.Lock()
	l.handed++
	l.turn.Broadcast()
	l.gate.Unlock()
}

// refusal is a notification not admitted: what stderr is told, and the
// answer that makes Paoding send it again.
type refusal struct {
	log, answer string
	status      int
	closeConn   bool
}

// admit takes notification n through the gate: it is turned away once
// the listener is stopping, rejected with --reject (answered "fail"), or
// recorded before it is answered; a refusal says it was not admitted.
func (l *listener) admit(r *http.Request, n paoding.Notification, body []byte) (*Event, *refusal) {
	l.gate.Lock()
	defer l.gate.Unlock()
	if l.closing {
		return nil, &refusal{
			log:    fmt.Sprintf("turned away the notification for order %s (status %s): the listener has had its last (--count/--once) and is stopping; answered 503, not recorded, so Paoding sends it again\n", shown(n.OrderID), shown(n.Status)),
			answer: "fail: the listener is stopping", status: http.StatusServiceUnavailable, closeConn: true}
	}
	l.seen++
	reject := l.seen <= l.opts.Reject
	ev := &Event{seq: l.admitted, Time: time.Now(), Status: n.Status, StatusText: n.StatusText(), OrderID: n.OrderID,
		PlatformOrderID: n.PlatformOrderID, Answer: paoding.NotificationAck, body: body, ctype: r.Header.Get("Content-Type")}
	if reject {
		ev.Answer = "fail"
	} else {
		// Recorded and committed before "success" is answered: a
		// notification Paoding stops sending is never lost.
		rec, dup, err := l.store.RecordNotification(r.Context(), store.Notification{Provider: paoding.Provider, OrderID: n.OrderID, Hash: n.Hash(), Body: body})
		if err != nil {
			return nil, &refusal{
				log:    fmt.Sprintf("error: could not record the notification for order %s, answered an error so Paoding sends it again: %v\n", shown(n.OrderID), err),
				answer: "fail: not recorded", status: http.StatusInternalServerError}
		}
		if dup {
			ev.Duplicate = true
			fmt.Fprintf(l.errOut, "duplicate notification for order %s (status %s), first recorded %s; answered success again\n",
				shown(n.OrderID), shown(n.Status), rec.ReceivedAt.Local().Format(time.RFC3339))
		}
	}
	l.admitted++
	if (l.opts.Count > 0 && l.admitted >= l.opts.Count) || (l.opts.Once && !reject && !ev.Duplicate) {
		l.closing, l.final = true, l.admitted
	}
	return ev, nil
}

// shown is a sender's value (an orderId, a status) as a stderr line
// quotes it: as it is when it is plain text, else Go-quoted, so that a
// line break in it cannot start a line that passes for insure's own
// ("error: ...") and an escape cannot reach the terminal. A purchase
// takes such an id, so the notification is still recorded as sent.
func shown(v string) string {
	if utf8.ValidString(v) && strings.IndexFunc(v, unicode.IsControl) < 0 {
		return v
	}
	return strconv.Quote(v)
}
