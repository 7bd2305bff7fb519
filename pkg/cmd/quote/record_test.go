package quote

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/insurekit/insure/providers/ebao"
)

// The stored quotation record is the same JSON whether the request is
// spliced in or marshalled.
func TestRecordJSONIsRecordMarshalled(t *testing.T) {
	for _, body := range [][]byte{
		[]byte(" {\"productId\": \"UbwoOpjMjt:1\", \"n\": 1.50, \"s\": \"<&>\"}\n"),
		[]byte("{\n  \"productId\": \"UbwoOpjMjt:1\"\n}\n"),
	} {
		checkRecordJSON(t, body)
	}
}

func checkRecordJSON(t *testing.T, body []byte) {
	t.Helper()
	resp := &ebao.QuotationResponse{QuotationNumber: "Q1"}
	want, _ := json.Marshal(Record{QuotationNumber: "Q1", Request: json.RawMessage(body)})
	var got, exp any
	if err := json.Unmarshal(recordJSON(resp, body), &got); err != nil {
		t.Fatalf("%s: %v", recordJSON(resp, body), err)
	}
	_ = json.Unmarshal(want, &exp)
	if !reflect.DeepEqual(got, exp) {
		t.Fatalf("got %s, want %s", recordJSON(resp, body), want)
	}
}
