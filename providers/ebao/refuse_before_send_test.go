package ebao_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// countingServer answers 200 "{}" and counts what reached it.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// A certificate type is an integer (the table) or the digit as a string
// (the document's example): anything around the digit is refused before
// sending, as the sandbox refuses it, rather than sent to be refused there.
func TestCertificateTypeWithAnythingAroundTheDigitIsNotSent(t *testing.T) {
	srv, hits := countingServer(t)
	c := hostileClient(srv.URL, 5*time.Second)
	quote := example(t, "quote")
	for _, v := range []string{`" 1"`, `"1 "`, `"+1"`, `"01"`, `1.0`} {
		body := bytes.Replace(quote, []byte(`"ISP004": "1"`), []byte(`"ISP004": `+v), 1)
		if bytes.Equal(body, quote) {
			t.Fatal(`"ISP004": "1" is not in the example`)
		}
		_, err := c.Quote(context.Background(), body)
		fe := asFailure(t, err, failure.Usage)
		if fe.ExitCode() != 2 || len(fe.Fields) != 1 || fe.Fields[0].Field != "policyInsuredPeople[0].ISP004" || fe.Fields[0].Example != "1" {
			t.Errorf("ISP004 %s: %v %+v", v, fe, fe.Fields)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("%d bodies were sent", hits.Load())
	}
	// The two forms the document shows still go out.
	for _, v := range []string{`"1"`, `1`} {
		body := bytes.Replace(quote, []byte(`"ISP004": "1"`), []byte(`"ISP004": `+v), 1)
		_, _ = c.Quote(context.Background(), body)
	}
	if hits.Load() != 2 {
		t.Errorf("the document's forms: %d of 2 sent", hits.Load())
	}
}

// A body that is not UTF-8 (a file saved as GBK) is refused before
// sending, naming the encoding, instead of signed, sent and refused by
// the service's parser.
func TestBodyNotInUTF8IsNotSent(t *testing.T) {
	srv, hits := countingServer(t)
	c := hostileClient(srv.URL, 5*time.Second)
	utf := bytes.Replace(example(t, "quote"), []byte(`"PH001": "Shop.Zhang"`), []byte(`"PH001": "张三"`), 1)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Quote(context.Background(), gbk)
	if fe := asFailure(t, err, failure.Usage); len(fe.Fields) != 1 || fe.Fields[0].Field != "body" || !strings.Contains(fe.Fields[0].Rule, "UTF-8") {
		t.Errorf("quotation: %v %+v", fe, fe.Fields)
	}
	cancelGBK, _ := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.Replace(example(t, "cancel"), []byte(`"AXA_TP"`), []byte(`"渠道"`), 1))
	_, err = c.Cancel(context.Background(), cancelGBK)
	asFailure(t, err, failure.Usage)
	if hits.Load() != 0 {
		t.Errorf("%d bodies were sent", hits.Load())
	}
}

// The document's table of the cancellation answer gives the endorsement
// number alone: with it, a message member beside it is still a
// cancellation, not a refusal.
func TestEndorsementNumberWithAMessageIsACancellation(t *testing.T) {
	srv := signedAnswer(t, `{"endorsement_number":"E1506160000000003","message":"退保成功"}`)
	resp, err := hostileClient(srv.URL, 5*time.Second).Cancel(context.Background(), example(t, "cancel"))
	if err != nil || resp == nil || resp.EndorsementNumber != "E1506160000000003" {
		t.Fatalf("%v %+v", err, resp)
	}
}
