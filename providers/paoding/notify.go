package paoding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/text/encoding/simplifiedchinese"
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

// gbCharset says whether a Content-Type charset names GBK or a GB
// encoding that reads GBK's bytes the same.
func gbCharset(cs string) bool {
	switch strings.ToUpper(strings.TrimSpace(cs)) {
	case "GBK", "GB2312", "GB18030", "CP936":
		return true
	}
	return false
}

// visibleBytes is s with each byte that is not UTF-8 written as \xNN: a
// value in another encoding, undeclared, was shown as U+FFFD, so two
// different order ids (GBK 订单 and 产品) read the same. The body as
// received is kept beside it.
func visibleBytes(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

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
	mt, params, err := mime.ParseMediaType(ctype)
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
				form[k] = q[k]
			}
		}
		body = []byte(form.Encode())
	}
	if gbCharset(params["charset"]) {
		// A sender declaring GBK: its values are read as the text it
		// means, as a GBK order id was written at purchase in UTF-8.
		for k, vs := range form {
			for i, v := range vs {
				if d, err := simplifiedchinese.GB18030.NewDecoder().String(v); err == nil {
					form[k][i] = d
				}
			}
		}
	}
	n := Notification{Status: strings.TrimSpace(form.Get("status")), OrderID: visibleBytes(form.Get("orderId")), PlatformOrderID: visibleBytes(form.Get("platformOrderId"))}
	if bad := notificationFieldErrors(form, n); len(bad) > 0 {
		e := failure.Invalid(Provider, op, bad...)
		e.Kind = failure.Verification
		e.Message = "incomplete notification"
		for _, f := range bad {
			if f.Rule != ruleMissing {
				e.Message = "malformed notification"
			}
		}
		return n, body, &NotificationError{Status: http.StatusBadRequest, Err: e}
	}
	return n, body, nil
}

// RecordedNotification reads a body a receiver recorded as it arrived (a
// JSON object, or form-encoded) for its three parameters, unchecked: it
// was checked when it came.
func RecordedNotification(body []byte) Notification {
	var form url.Values
	if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '{' {
		form, _ = jsonFields(body)
	} else {
		form, _ = url.ParseQuery(string(body))
	}
	return Notification{Status: strings.TrimSpace(form.Get("status")), OrderID: form.Get("orderId"), PlatformOrderID: form.Get("platformOrderId")}
}

const ruleMissing = "is missing from the notification"

// notificationFieldErrors checks the three parameters for what no
// purchase can have made. A parameter given twice is refused: the body is
// forwarded as received, and a receiver that reads the last of two
// statuses would act on another notification than the one recorded. An
// orderId is the partner's own, at most MaxOrderIDLength characters as at
// purchase, and not blank. Control characters and bytes that are not
// UTF-8 are kept (a purchase takes them; the listener cleans what it
// shows): refused, a real notification would be lost after its retries.
func notificationFieldErrors(form url.Values, n Notification) []failure.FieldError {
	var bad []failure.FieldError
	for _, f := range []struct{ name, v, example string }{
		{"status", n.Status, "2"}, {"orderId", n.OrderID, "ORD-20250310-0001"}, {"platformOrderId", n.PlatformOrderID, "20160912-0001"},
	} {
		switch {
		case len(form[f.name]) > 1:
			bad = append(bad, failure.FieldError{Field: f.name, Rule: fmt.Sprintf("is given %d times; a notification gives it once", len(form[f.name])), Example: f.example})
		case strings.TrimSpace(f.v) == "":
			bad = append(bad, failure.FieldError{Field: f.name, Rule: ruleMissing, Example: f.example})
		case f.name == "orderId" && utf8.RuneCountInString(f.v) > MaxOrderIDLength:
			bad = append(bad, failure.FieldError{Field: f.name, Rule: fmt.Sprintf("must be at most %d characters, as at purchase (got %d)", MaxOrderIDLength, utf8.RuneCountInString(f.v)), Example: f.example})
		}
	}
	return bad
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
	if rest := bytes.TrimSpace(body[d.InputOffset():]); len(rest) > 0 {
		return nil, errors.New("data after the JSON object")
	}
	counts := jsonKeyCounts(body)
	form := url.Values{}
	for k, v := range obj {
		var s string
		switch t := v.(type) {
		case string:
			s = t
		case json.Number:
			s = t.String()
		default:
			continue
		}
		// A key given twice reaches the map once (the last wins): kept
		// as often as it was written, it is refused as in a form.
		for range max(counts[k], 1) {
			form.Add(k, s)
		}
	}
	return form, nil
}

// jsonKeyCounts counts how often each key of the top-level object is
// written.
func jsonKeyCounts(body []byte) map[string]int {
	counts := map[string]int{}
	d := json.NewDecoder(bytes.NewReader(body))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return counts
	}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			break
		}
		k, _ := tok.(string)
		counts[k]++
		var value json.RawMessage
		if err := d.Decode(&value); err != nil {
			break
		}
	}
	return counts
}
