package paoding_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/paoding"
)

// A forged notification whose parameters no purchase can have made, or
// that says two things at once, is refused with 400 naming the field;
// before, each was recorded, answered success and printed (an orderId of
// 7,000 characters or of spaces, a status given twice of which the
// recorder read the first and a --forward-to receiver perhaps the last).
func TestParseNotificationRefusesForgedFields(t *testing.T) {
	const form, js = "application/x-www-form-urlencoded", "application/json"
	for _, c := range []struct {
		name, ctype, body, field string
	}{
		{"status twice", form, "status=2&status=3&orderId=O-1&platformOrderId=P-1", "status"},
		{"orderId twice", form, "status=2&orderId=O-1&orderId=O-2&platformOrderId=P-1", "orderId"},
		{"json key twice", js, `{"status":"2","status":"3","orderId":"O-1","platformOrderId":"P-1"}`, "status"},
		{"orderId too long", form, "status=2&orderId=" + strings.Repeat("A", 51) + "&platformOrderId=P-1", "orderId"},
		{"blank", form, "status=2&orderId=+++&platformOrderId=P-1", "orderId"},
	} {
		r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(c.body))
		r.Header.Set("Content-Type", c.ctype)
		_, _, err := paoding.ParseNotification(r)
		var ne *paoding.NotificationError
		if !errors.As(err, &ne) || ne.Status != http.StatusBadRequest || len(ne.Err.Fields) != 1 || ne.Err.Fields[0].Field != c.field || ne.Err.Fields[0].Example == "" {
			t.Errorf("%s: want 400 naming %s with an example, got %#v", c.name, c.field, err)
		}
	}

	// JSON with something after the object is refused too.
	r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(`{"status":"2","orderId":"O-1","platformOrderId":"P-1"} {"status":"3"}`))
	r.Header.Set("Content-Type", js)
	var ne *paoding.NotificationError
	if _, _, err := paoding.ParseNotification(r); !errors.As(err, &ne) || ne.Status != http.StatusBadRequest {
		t.Errorf("trailing JSON: %v", err)
	}

	// What a purchase can make still passes: 50 Chinese characters (the
	// limit counts characters, not bytes), JSON followed by a line break.
	long := strings.Repeat("订", paoding.MaxOrderIDLength)
	r = httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(`{"status":"2","orderId":"`+long+`","platformOrderId":"P-1"}`+"\r\n"))
	r.Header.Set("Content-Type", js)
	if n, _, err := paoding.ParseNotification(r); err != nil || n.OrderID != long {
		t.Errorf("50-character orderId: %+v %v", n, err)
	}
}
