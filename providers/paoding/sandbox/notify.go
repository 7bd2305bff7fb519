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
func (s *Server) NotifyDue(ctx context.Context) (int, error) {
	var due []notice
	err := state.UpdateJSON(s.opts.State, stateName, func(d *doc) error {
		now := s.opts.Now()
		d.init(now)
		orders := make([]*Order, 0, len(d.Orders))
		for _, o := range d.Orders {
			orders = append(orders, o)
		}
		sort.Slice(orders, func(i, j int) bool { return orders[i].CreatedAt.Before(orders[j].CreatedAt) })
		for _, o := range orders {
			if o.Acked || o.Attempts >= maxAttempts || now.Before(o.CreatedAt.Add(s.opts.ReportDelay)) {
				continue
			}
			if o.Attempts > 0 && now.Before(o.LastAttempt.Add(s.opts.RetryInterval)) {
				continue
			}
			o.Attempts++
			o.LastAttempt = now
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
		err := state.UpdateJSON(s.opts.State, stateName, func(d *doc) error {
			if o, found := d.Orders[n.orderID]; found {
				o.LastAnswer = truncate(answer, 100)
				o.Acked = strings.TrimSpace(answer) == paoding.NotificationAck
			}
			return nil
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
