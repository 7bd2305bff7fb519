package sandbox

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// A certificate type is the integer the table gives. The holder's PH005
// is an integer in every example of the document too, so the string "1"
// is a 400 naming it; the insured's ISP004 is "1" in the examples, so the
// one digit as a string is taken there. Anything around the digit is a 400
// naming the member, as a server reading an integer gives.
func TestCertificateTypeIsOneDigitExactly(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	for _, v := range []string{`"+1"`, `"01"`, `" 1"`, `"1 "`, `1.0`, `"1"`} {
		body := bytes.Replace(example, []byte(`"PH005": 1`), []byte(`"PH005": `+v), 1)
		if bytes.Equal(body, example) {
			t.Fatal(`"PH005": 1 is not in the example`)
		}
		a := post(t, srv, ebao.PathQuotation, body, "")
		if a.status != 400 || !strings.HasPrefix(a.spring(t).Message, "policyHolder.PH005:") {
			t.Errorf("PH005 %s: HTTP %d %s", v, a.status, a.body)
		}
	}
	if a := post(t, srv, ebao.PathQuotation, example, ""); a.status != 200 {
		t.Errorf("PH005 1: HTTP %d %s", a.status, a.body)
	}
	if !bytes.Contains(example, []byte(`"ISP004": "1"`)) {
		t.Fatal(`"ISP004": "1" is not in the example`)
	}
	for _, v := range []string{`"1"`, `1`} {
		body := bytes.Replace(example, []byte(`"ISP004": "1"`), []byte(`"ISP004": `+v), 1)
		if a := post(t, srv, ebao.PathQuotation, body, ""); a.status != 200 {
			t.Errorf("ISP004 %s: HTTP %d %s", v, a.status, a.body)
		}
	}
	body := bytes.Replace(example, []byte(`"ISP004": "1"`), []byte(`"ISP004": "01"`), 1)
	if a := post(t, srv, ebao.PathQuotation, body, ""); a.status != 400 || !strings.HasPrefix(a.spring(t).Message, "policyInsuredPeople[0].ISP004:") {
		t.Errorf(`ISP004 "01": HTTP %d %s`, a.status, a.body)
	}
}

// Characters 7-14 of a resident ID must be a date: year 0000 is none, as
// are month 13 and 30 February; a 400 names the member.
func TestResidentIDNeedsARealDate(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	const good = "132456199001011234"
	if !bytes.Contains(example, []byte(`"PH006": "`+good+`"`)) {
		t.Fatalf("%s is not the example's PH006", good)
	}
	for _, id := range []string{"132456000001011234", "132456199013011234", "132456199002301234", "1324561990"} {
		body := bytes.Replace(example, []byte(good), []byte(id), 1)
		if a := post(t, srv, ebao.PathQuotation, body, ""); a.status != 400 || !strings.HasPrefix(a.spring(t).Message, "policyHolder.PH006:") {
			t.Errorf("PH006 %s: HTTP %d %s", id, a.status, a.body)
		}
	}
	for _, id := range []string{good, "132456000101011234", "132456200002291234"} {
		body := bytes.Replace(example, []byte(good), []byte(id), 1)
		if a := post(t, srv, ebao.PathQuotation, body, ""); a.status != 200 {
			t.Errorf("PH006 %s: HTTP %d %s", id, a.status, a.body)
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
