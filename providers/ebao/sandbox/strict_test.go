package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The document's tables give every member a type: a member of another type
// is refused, naming it, even when the member itself is optional, so a
// client that sends a birth date or a mobile as a number learns it here
// rather than from the service.
func TestMembersOfTheWrongDocumentedTypeAreRefused(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	tests := []struct{ name, from, to, field string }{
		{"holder birth date a number", `"PH003": "1990-01-01T00:00:00.000Z"`, `"PH003": 19900101`, "policyHolder.PH003:"},
		{"insured birth date not a date", `"ISP003": "1990-01-01T00:00:00.000Z"`, `"ISP003": "01/01/1990"`, "policyInsuredPeople[0].ISP003:"},
		{"holder mobile a number", `"PH013": "15710023568"`, `"PH013": 15710023568`, "policyHolder.PH013:"},
		{"insured mobile a number", `"ISP011": "15710023568"`, `"ISP011": 15710023568`, "policyInsuredPeople[0].ISP011:"},
		{"object type a number", `"type": "Person"`, `"type": 1`, "insuredObjects[0].type:"},
		{"factor table an array", `"factor_table": {`, `"factor_table": [], "x": {`, "insuredObjects[0].factor_table:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := bytes.Replace(example, []byte(tt.from), []byte(tt.to), 1)
			if bytes.Equal(body, example) {
				t.Fatalf("%s is not in the example", tt.from)
			}
			a := post(t, srv, ebao.PathQuotation, body, "")
			if a.status != 400 || !strings.HasPrefix(a.spring(t).Message, tt.field) {
				t.Fatalf("HTTP %d %s", a.status, a.body)
			}
		})
	}
	// The same members in the document's own forms pass.
	plain := bytes.Replace(example, []byte(`"PH003": "1990-01-01T00:00:00.000Z"`), []byte(`"PH003": "1990-01-01"`), 1)
	if a := post(t, srv, ebao.PathQuotation, plain, ""); a.status != 200 {
		t.Fatalf("a plain birth date: HTTP %d %s", a.status, a.body)
	}
}

// JSON without a charset label is UTF-8, and the service's JSON parser
// refuses other bytes. A quotation saved in GBK (a Chinese name in a file
// from a spreadsheet), correctly signed over its bytes, is a 400 parse
// error, not a quotation for a garbled name.
func TestBodiesThatAreNotUTF8AreRefused(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	utf := bytes.Replace(example, []byte(`"PH001": "Shop.Zhang"`), []byte(`"PH001": "张三"`), 1)
	if bytes.Equal(utf, example) {
		t.Fatal("PH001 is not in the example")
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	send := func(body []byte, ctype string) answer {
		t.Helper()
		u := ebao.SignedURL(srv.URL, ebao.PathQuotation, TestAccessKey, body, TestSecretKey)
		resp, err := http.Post(u, ctype, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return answer{resp.StatusCode, resp.Header, b}
	}
	for _, ctype := range []string{"application/json", "application/json;charset=UTF-8"} {
		a := send(gbk, ctype)
		if a.status != 400 || !strings.HasPrefix(a.spring(t).Message, "JSON parse error") || !a.signed() {
			t.Errorf("GBK body as %s: HTTP %d %s (signed %v)", ctype, a.status, a.body, a.signed())
		}
		if a := send(utf, ctype); a.status != 200 {
			t.Errorf("the same body in UTF-8 as %s: HTTP %d %s", ctype, a.status, a.body)
		}
	}
}
