package listen

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/insurekit/insure/pkg/httpx"

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
	out := &Forward{URL: shownURL(to)}
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
		// net/http's error quotes the URL, with its query: say the
		// cause alone, the URL is in out.URL.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
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

// shownURL is the --forward-to URL as stdout and stderr show it: a
// webhook's URL often carries its credential (user:password@, ?token=),
// and what listen prints goes to logs. The password and the values of
// query parameters named like secrets (token, key, sign...) are masked.
func shownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if q := u.Query(); len(q) > 0 {
		masked := false
		for k := range q {
			if httpx.IsSecretName(k) || strings.Contains(strings.ToLower(k), "key") {
				q[k] = []string{httpx.Mask}
				masked = true
			}
		}
		if masked {
			u.RawQuery = q.Encode()
		}
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), httpx.Mask)
	}
	return u.String()
}
