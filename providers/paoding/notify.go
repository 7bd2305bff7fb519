package paoding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// NotificationContentType is how the platform is taken to send a
// notification: its three parameters as a form, like every other Paoding
// POST. The document names the parameters but not the encoding, so a JSON
// object of them (application/json) and a body without a Content-Type
// (read as a form) are accepted too: a notification refused is retried
// twice and then lost. Multipart (a file upload format) is refused, so a
// receiver never spools a body to disk.
const NotificationContentType = "application/x-www-form-urlencoded"

// NotificationMaxBytes bounds a notification body: three short fields
// (orderId is at most 50 characters) fit many times over.
const NotificationMaxBytes = 8 << 10

// NotificationError is a request that is not a notification, with the
// HTTP status a receiver answers it with.
type NotificationError struct {
	Status int
	Err    *failure.Error
}

func (e *NotificationError) Error() string { return e.Err.Error() }
func (e *NotificationError) Unwrap() error { return e.Err }

// ParseNotification reads a notification: a POST whose form-encoded body
// is at most NotificationMaxBytes, read in memory, with status, orderId and
// platformOrderId. It returns the body as received too. The receiver
// answers NotificationAck only once it has recorded the notification.
func ParseNotification(r *http.Request) (Notification, []byte, error) {
	const op = "report.notify"
	bad := func(status int, format string, args ...any) (Notification, []byte, error) {
		return Notification{}, nil, &NotificationError{Status: status, Err: failure.New(failure.Verification, Provider, op, format, args...)}
	}
	if r.Method != http.MethodPost {
		return bad(http.StatusMethodNotAllowed, "a notification is a POST, got %s", r.Method)
	}
	ctype := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ctype)
	isJSON := err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
	if ctype != "" && !isJSON && (err != nil || mt != NotificationContentType) {
		return bad(http.StatusUnsupportedMediaType, "a notification is %s or application/json, got %q", NotificationContentType, ctype)
	}
	if r.ContentLength > NotificationMaxBytes {
		return bad(http.StatusRequestEntityTooLarge, "a notification is at most %d bytes, this one announces %d", NotificationMaxBytes, r.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, NotificationMaxBytes+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || len(body) > NotificationMaxBytes:
		return bad(http.StatusRequestEntityTooLarge, "a notification is at most %d bytes", NotificationMaxBytes)
	case err != nil:
		return bad(http.StatusBadRequest, "unreadable notification: %v", err)
	}
	var form url.Values
	if isJSON {
		form, err = jsonFields(body)
	} else {
		form, err = url.ParseQuery(string(body))
	}
	if err != nil {
		return bad(http.StatusBadRequest, "unreadable notification: %v", err)
	}
	if q := r.URL.Query(); len(body) == 0 && (q.Has("status") || q.Has("orderId") || q.Has("platformOrderId")) {
		// The document names the parameters of a POST without saying
		// where they go: a platform that appends them to the notifyUrl
		// and sends no body is read from the query, and the body is
		// taken to be those parameters form-encoded (what --forward-to
		// passes on).
		form = url.Values{}
		for _, k := range []string{"status", "orderId", "platformOrderId"} {
			if q.Has(k) {
				form.Set(k, q.Get(k))
			}
		}
		body = []byte(form.Encode())
	}
	n := Notification{Status: strings.TrimSpace(form.Get("status")), OrderID: form.Get("orderId"), PlatformOrderID: form.Get("platformOrderId")}
	var missing []failure.FieldError
	for _, f := range []struct{ name, v string }{{"status", n.Status}, {"orderId", n.OrderID}, {"platformOrderId", n.PlatformOrderID}} {
		if f.v == "" {
			missing = append(missing, failure.FieldError{Field: f.name, Rule: "is missing from the notification"})
		}
	}
	if len(missing) > 0 {
		e := failure.Invalid(Provider, op, missing...)
		e.Kind = failure.Verification
		e.Message = "incomplete notification"
		return n, body, &NotificationError{Status: http.StatusBadRequest, Err: e}
	}
	return n, body, nil
}

// Hash identifies a notification's content, so a repeat of the same
// notification (the platform retrying) is told from a new one.
func (n Notification) Hash() string {
	h := sha256.Sum256([]byte(n.Status + "\n" + n.OrderID + "\n" + n.PlatformOrderID))
	return hex.EncodeToString(h[:])
}

// jsonFields reads a JSON notification, an object of the three
// parameters, as a form: strings as they are, numbers as written (an id
// may come unquoted).
func jsonFields(body []byte) (url.Values, error) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		return nil, err
	}
	form := url.Values{}
	for k, v := range obj {
		switch t := v.(type) {
		case string:
			form.Set(k, t)
		case json.Number:
			form.Set(k, t.String())
		}
	}
	return form, nil
}
