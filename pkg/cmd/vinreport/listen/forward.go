package listen

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/insurekit/insure/providers/paoding"
)

// Forward is the outcome of --forward-to for one event.
type Forward struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

// forward POSTs the notification's body, as received, to url.
func forward(ctx context.Context, to string, ev *Event) *Forward {
	out := &Forward{URL: to}
	ctx, cancel := context.WithTimeout(ctx, forwardTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, to, bytes.NewReader(ev.body))
	if err != nil {
		out.Error = err.Error()
		return out
	}
	// A notification read from the query string, or sent without a
	// Content-Type, is passed on as the form it was read as: an empty
	// Content-Type would leave the receiver's form parser with nothing.
	ctype := ev.ctype
	if ctype == "" {
		ctype = paoding.NotificationContentType
	}
	req.Header.Set("Content-Type", ctype)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	out.Status = resp.StatusCode
	if resp.StatusCode/100 != 2 {
		out.Error = "answered " + resp.Status
	}
	return out
}
