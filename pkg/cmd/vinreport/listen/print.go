package listen

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/providers/paoding"
)

// work is the one worker: it forwards, fetches and prints the answered
// notifications in arrival order, after Paoding has had its answer. Once
// drain is closed (the handlers have returned) it prints what is still
// queued and returns.
func (l *listener) work() {
	defer close(l.workerDone)
	// encoding/json escapes ESC and the other C0 controls but writes the
	// C1 ones (8-bit CSI, OSC...) raw: a sender's orderId must not reach a
	// terminal as a control.
	enc := json.NewEncoder(escapedJSON{l.opts.IO.Out})
	enc.SetEscapeHTML(false)
	printed := 0
	handle := func(ev *Event) (finished bool) {
		l.enrich(ev)
		if err := enc.Encode(ev); err != nil {
			l.done <- fmt.Errorf("writing the notification for order %s (it is recorded in the local store): %w", shown(ev.OrderID), err)
			return true
		}
		printed++
		if l.printedLast(printed) {
			l.done <- nil
			return true
		}
		return false
	}
	for {
		select {
		case ev := <-l.events:
			if handle(ev) {
				return
			}
		case <-l.drain:
			for {
				select {
				case ev := <-l.events:
					if handle(ev) {
						return
					}
				default:
					return
				}
			}
		}
	}
}

// printedLast says whether, printed events in, the listener is done:
// --count or --once closed the gate and every event it admitted is out.
func (l *listener) printedLast(printed int) bool {
	l.gate.Lock()
	defer l.gate.Unlock()
	return l.closing && printed >= l.final
}

// enrich forwards a new notification (--forward-to) and fetches its
// report (--fetch) into ev. A duplicate or a rejected one was done
// before, or is to come again, so is left as it is; a failure is a
// warning, since the notification is recorded whatever becomes of these.
func (l *listener) enrich(ev *Event) {
	isNew := !ev.Duplicate && ev.Answer == paoding.NotificationAck
	if !isNew {
		return
	}
	if why := l.ledgerMismatch(ev); why != "" {
		// No command to paste: the order id is the sender's.
		fmt.Fprintf(l.errOut, "warning: the notification of order %s %s; confirm it with vin-report get (or --fetch) before acting on it\n",
			shown(ev.OrderID), why)
	}
	if to := l.opts.ForwardTo; to != "" {
		ev.Forward = forward(l.ctx, to, ev)
		if ev.Forward.Error != "" {
			fmt.Fprintf(l.errOut, "warning: forwarding order %s to %s failed: %s (the notification is recorded)\n", shown(ev.OrderID), ev.Forward.URL, ev.Forward.Error)
		} else {
			fmt.Fprintf(l.errOut, "forwarded order %s to %s: %d %s\n", shown(ev.OrderID), ev.Forward.URL, ev.Forward.Status, http.StatusText(ev.Forward.Status))
		}
	}
	if l.client != nil {
		report, raw, err := l.client.GetReport(l.ctx, ev.OrderID)
		if err != nil {
			ev.FetchError = err.Error()
			fmt.Fprintf(l.errOut, "warning: fetching the report of order %s failed: %v\n", shown(ev.OrderID), err)
		} else {
			if d := shared.DataOf(raw); d != nil {
				ev.Report = d
			} else {
				ev.Report = report
			}
			if why := contradiction(ev, report); why != "" {
				ev.Contradicts = why
				fmt.Fprintf(l.errOut, "warning: the notification of order %s %s: it may be forged or stale; trust the report\n", shown(ev.OrderID), why)
			}
		}
	}
}

// contradiction says how a notification disagrees with the report fetched
// for its order, or "": anyone who knows the address can send one, and
// --fetch is how a notification is confirmed. A report still generating
// (status 1) has not reached the notified status yet; that is no
// contradiction.
func contradiction(ev *Event, r *paoding.Report) string {
	var diffs []string
	if got := strconv.Itoa(int(r.Status)); got != "1" && got != ev.Status {
		diffs = append(diffs, fmt.Sprintf("says status %s, the report %s", ev.Status, got))
	}
	if p := r.PlatformOrderID.String(); p != "" && ev.PlatformOrderID != "" && p != ev.PlatformOrderID {
		diffs = append(diffs, fmt.Sprintf("names platform order %s, the report %s", shown(ev.PlatformOrderID), shown(p)))
	}
	return strings.Join(diffs, " and ")
}
