package ebao_test

import (
	"encoding/json"
	"testing"

	"github.com/insurekit/insure/providers/ebao"
)

// A quotation's answer as the sandbox sends it: every batch line reads one.
var quotationAnswer = []byte(`{"quotationNumber":"Q2612020000000007","fee":{"COMMISSION":0,"APP":30,"AGP":30,"SNP":30,"ANP":30,"SGP":30}}`)

func BenchmarkDecodeQuotationResponse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var r ebao.QuotationResponse
		if err := json.Unmarshal(quotationAnswer, &r); err != nil {
			b.Fatal(err)
		}
	}
}
