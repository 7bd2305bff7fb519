package sandbox

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// A certificate type is the integer the table gives or the one digit the
// document's example sends as a string; a string with anything around the
// digit is a 400 naming the member, as a server reading an integer gives.
func TestCertificateTypeIsOneDigitExactly(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	for _, v := range []string{`"+1"`, `"01"`, `" 1"`, `"1 "`, `1.0`} {
		body := bytes.Replace(example, []byte(`"PH005": 1`), []byte(`"PH005": `+v), 1)
		if bytes.Equal(body, example) {
			t.Fatal(`"PH005": 1 is not in the example`)
		}
		a := post(t, srv, ebao.PathQuotation, body, "")
		if a.status != 400 || !strings.HasPrefix(a.spring(t).Message, "policyHolder.PH005:") {
			t.Errorf("PH005 %s: HTTP %d %s", v, a.status, a.body)
		}
	}
	for _, v := range []string{`"1"`, `1`} {
		body := bytes.Replace(example, []byte(`"PH005": 1`), []byte(`"PH005": `+v), 1)
		if a := post(t, srv, ebao.PathQuotation, body, ""); a.status != 200 {
			t.Errorf("PH005 %s: HTTP %d %s", v, a.status, a.body)
		}
	}
}

// A body over the sandbox's limit is 413, not cut short and then refused
// as a bad signature (401), which would send the caller after its key.
func TestOversizedBodyIs413(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	body := bytes.Replace(example, []byte(`"name": "`), []byte(`"name": "`+strings.Repeat("x", 1<<20)), 1)
	if a := post(t, srv, ebao.PathQuotation, body, ""); a.status != 413 || !strings.Contains(a.spring(t).Message, "larger than") {
		t.Fatalf("HTTP %d %.200s", a.status, a.body)
	}
}
