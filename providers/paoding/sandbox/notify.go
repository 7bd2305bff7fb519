package sandbox

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/paoding"
)

// maxAttempts is the first notification plus the document's two retries.
const maxAttempts = 3

type notice struct {
	orderID, url string
	form         url.Values
}

// NotifyDue sends every notification that is due now and returns how many
// it sent. An attempt is recorded before it is sent, so two processes
// running notifiers never send the same attempt twice.
//
// What is due is read from the front of the two notification queues (see
// rows.go): orders created at least ReportDelay ago and not yet notified,
// and orders last notified at least RetryInterval ago, unacknowledged,
// with attempts left. Acknowledged orders and those out of attempts are in
// neither queue, so they cost nothing however many are stored.
func (s *Server) NotifyDue(ctx context.Context) (int, error) {
	var due []notice
	err := s.opts.State.Tx(ctx, func(tx state.Tx) error {
		due = due[:0]
		now := s.opts.Now()
		first, err := tx.Rows(kindFirstNotice, "", state.Through(now.Add(-s.opts.ReportDelay)), 0)
		if err != nil {
			return err
		}
		retry, err := tx.Rows(kindRetryNotice, "", state.Through(now.Add(-s.opts.RetryInterval)), 0)
		if err != nil {
			return err
		}
		var orders []*Order
		for _, q := range []struct {
			kind string
			rows []state.Row
		}{{kindFirstNotice, first}, {kindRetryNotice, retry}} {
			for _, r := range q.rows {
				if err := tx.Delete(q.kind, r.Key); err != nil {
					return err
				}
				o, err := order(tx, noticeOrderID(r.Key))
				if err != nil {
					return err
				}
				if o != nil && !o.Acked && o.Attempts < maxAttempts {
					orders = append(orders, o)
				}
			}
		}
		sort.SliceStable(orders, func(i, j int) bool { return orders[i].CreatedAt.Before(orders[j].CreatedAt) })
		for _, o := range orders {
			o.Attempts++
			o.LastAttempt = now
			if err := state.PutJSON(tx, kindOrder, o.OrderID, o); err != nil {
				return err
			}
			if o.Attempts < maxAttempts {
				if err := tx.Put(kindRetryNotice, noticeKey(now, o.OrderID), []byte{}); err != nil {
					return err
				}
			}
			vin := o.VIN
			if vin == "" {
				vin = ImageVIN
			}
			due = append(due, notice{o.OrderID, o.NotifyURL, url.Values{
				"status":          {strconv.Itoa(Outcome(vin))},
				"orderId":         {o.OrderID},
				"platformOrderId": {o.PlatformOrderID},
			}})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, n := range due {
		answer := s.post(ctx, n)
		err := s.opts.State.Tx(ctx, func(tx state.Tx) error {
			o, err := order(tx, n.orderID)
			if err != nil || o == nil {
				return err
			}
			o.LastAnswer = truncate(answer, 100)
			// The body success itself (the document's 返回值), as a strict
			// platform compares it: "success\n" from `echo` is retried.
			o.Acked = answer == paoding.NotificationAck
			if o.Acked {
				// Acknowledged: no retry.
				if err := tx.Delete(kindRetryNotice, noticeKey(o.LastAttempt, o.OrderID)); err != nil {
					return err
				}
			}
			return state.PutJSON(tx, kindOrder, o.OrderID, o)
		})
		if err != nil {
			return len(due), err
		}
	}
	return len(due), nil
}

// post sends one notification and returns the receiver's body, or a short
// description of why there is none.
func (s *Server) post(ctx context.Context, n notice) string {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, strings.NewReader(n.form.Encode()))
	if err != nil {
		return "error: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	resp, err := s.opts.HTTP.Do(req)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode/100 != 2 {
		return "HTTP " + resp.Status + ": " + string(body)
	}
	return string(body)
}
