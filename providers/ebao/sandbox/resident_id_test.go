package sandbox

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// Characters 7-14 of a resident ID are counted as the document counts them
// (位: characters, as a Java service's substring does), not as UTF-8 bytes.
func TestResidentIDDateIsCountedInCharacters(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	const good = "132456199001011234"
	for _, tt := range []struct {
		id     string
		status int
	}{
		{"一23456199001011234", 200}, // characters 7-14: 19900101
		{"一二199001011234567", 400},  // characters 7-14: 01011234; bytes 7-14 would be 19900101
	} {
		body := bytes.Replace(example, []byte(`"PH006": "`+good+`"`), []byte(`"PH006": "`+tt.id+`"`), 1)
		a := post(t, srv, ebao.PathQuotation, body, "")
		if a.status != tt.status || tt.status == 400 && !strings.HasPrefix(a.spring(t).Message, "policyHolder.PH006:") {
			t.Errorf("PH006 %s: HTTP %d %s, want %d", tt.id, a.status, a.body, tt.status)
		}
	}
}
