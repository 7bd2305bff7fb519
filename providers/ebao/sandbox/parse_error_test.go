package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// A body that is no JSON object is refused in the service's words: the
// message quoted Go's ("cannot unmarshal array into Go value of type
// map[string]interface {}").
func TestParseErrorsSayWhatIsWrongWithTheBody(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	for body, want := range map[string]string{
		`[]`:             "JSON parse error: the body must be a JSON object, not array",
		`"x"`:            "JSON parse error: the body must be a JSON object, not string",
		"\ufeff{}":       "JSON parse error: malformed JSON at byte 1",
		`{"channelCode"`: "JSON parse error: the JSON ends too soon",
		``:               "JSON parse error: the body is empty",
	} {
		a := post(t, srv, ebao.PathQuotation, []byte(body), "")
		msg := a.spring(t).Message
		if a.status != 400 || !strings.HasPrefix(msg, want) || strings.Contains(msg, "Go value") {
			t.Errorf("%q: HTTP %d %q, want %q", body, a.status, msg, want)
		}
	}
}
