package ebao_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

const fuzzSecret = "ebFz-Secret-5Tq9"

// ebaoAnswerSeeds are the answers of the eBao document's examples, the
// service's error shapes, and some that are not eBao answers at all.
var ebaoAnswerSeeds = []string{
	`{"fee":{"COMMISSION":0,"APP":30,"AGP":30,"SNP":30,"ANP":30,"SGP":30},"quotationNumber":"Q1507160000000010"}`,
	`{"policyNumber":"P1507160000000010","status":"EFFECTIVE"}`,
	`{"endorsement_number":"E1506160000000003","success":true}`,
	`{"endorsement_number":"E1506160000000003","success":false,"reason":{"code":1}}`,
	`{"timestamp":1436000000000,"status":400,"error":"Bad Request","message":"policyHolder.PH006 is invalid","path":"/pa_web/quotations"}`,
	`{"errorMessage":"signature error"}`, `{"msg":"too many"}`,
	`{"quotationNumber":"Q1","fee":{"APP":"30"},"unknown":[1,{"a":null}]}`,
	`{"quotationNumber":1}`, `[]`, `null`, ``, `<html>gateway</html>`,
}

type ebaoFuzzTransport struct {
	status int
	sign   uint8 // 0 right, 1 wrong, 2 none, 3 upper-case
	body   []byte
}

func (f *ebaoFuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h := http.Header{"Content-Type": {"application/json"}}
	switch f.sign {
	case 0:
		h.Set("signature", ebao.Sign(f.body, fuzzSecret))
	case 1:
		h.Set("signature", ebao.Sign(f.body, "another key"))
	case 3:
		h.Set("signature", strings.ToUpper(ebao.Sign(f.body, fuzzSecret)))
	}
	return &http.Response{StatusCode: f.status, Header: h, Body: io.NopCloser(bytes.NewReader(f.body)), Request: r}, nil
}

// FuzzClientAnswers sends the document's example requests against answers
// chosen by the fuzzer (status, signature header, body). Property: no
// panic; an error is a *failure.Error and never quotes the secret key; an
// answer whose signature does not verify is never returned as a success;
// a success survives serialise -> parse -> serialise with its unknown
// members.
func FuzzClientAnswers(f *testing.F) {
	for i, s := range ebaoAnswerSeeds {
		f.Add(uint8(i), []byte(s))
	}
	statuses := []int{200, 201, 400, 401, 403, 404, 409}
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		op, sign := pick%3, (pick/3)%4
		status := statuses[int(pick/12)%len(statuses)]
		c := ebao.New(ebao.Config{BaseURL: "http://ebao.invalid", AccessKey: "ak", SecretKey: fuzzSecret,
			HTTP: &http.Client{Transport: &ebaoFuzzTransport{status: status, sign: sign, body: body}}})
		ctx := context.Background()
		var got any
		var err error
		switch op {
		case 0:
			got, err = c.Quote(ctx, example(t, "quote"))
		case 1:
			got, err = c.Issue(ctx, example(t, "issue"))
		case 2:
			got, err = c.Cancel(ctx, example(t, "cancel"))
		}
		if err != nil {
			var fe *failure.Error
			if !errors.As(err, &fe) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			if strings.Contains(err.Error()+fe.Hint, fuzzSecret) {
				t.Fatal("error quotes the secret key")
			}
			return
		}
		if sign == 1 {
			t.Fatal("an answer with a wrong signature was accepted")
		}
		ebaoRoundTrip(t, got)
	})
}

func ebaoRoundTrip(t *testing.T, v any) {
	t.Helper()
	a, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("serialising %T: %v", v, err)
	}
	var fresh any
	switch v.(type) {
	case *ebao.QuotationResponse:
		fresh = &ebao.QuotationResponse{}
	case *ebao.IssuanceResponse:
		fresh = &ebao.IssuanceResponse{}
	case *ebao.CancellationResponse:
		fresh = &ebao.CancellationResponse{}
	default:
		t.Fatalf("unexpected %T", v)
	}
	if err := json.Unmarshal(a, fresh); err != nil {
		t.Fatalf("parsing our own %s: %v", a, err)
	}
	b, err := json.Marshal(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("round trip changed the answer\nfirst  %s\nsecond %s", a, b)
	}
}

// FuzzDecodeAnswers decodes arbitrary bytes as each answer type directly.
// Property: no panic; what decodes round-trips.
func FuzzDecodeAnswers(f *testing.F) {
	for _, s := range ebaoAnswerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, v := range []any{&ebao.QuotationResponse{}, &ebao.IssuanceResponse{}, &ebao.CancellationResponse{}} {
			if json.Unmarshal(b, v) == nil {
				ebaoRoundTrip(t, v)
			}
		}
	})
}

// FuzzSignVerify checks eBao's signature over arbitrary bodies and keys.
// Property: deterministic, 32 lower-case hex digits, verifies in either
// hex case, and a different body or key does not verify.
func FuzzSignVerify(f *testing.F) {
	f.Add([]byte(ebaoAnswerSeeds[0]), "secret")
	f.Add([]byte(`{"channelCode":"AXA_TP"}`), "")
	f.Add([]byte{}, "k")
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		s := ebao.Sign(body, key)
		if s != ebao.Sign(body, key) || len(s) != 32 || strings.ToLower(s) != s {
			t.Fatalf("signature %q", s)
		}
		if !ebao.VerifyResponse(body, key, s) || !ebao.VerifyResponse(body, key, " "+strings.ToUpper(s)+"\n") {
			t.Fatal("own signature does not verify")
		}
		if ebao.VerifyResponse(append(append([]byte{}, body...), 'x'), key, s) {
			t.Fatal("a changed body verifies")
		}
		if ebao.VerifyResponse(body, key, "") {
			t.Fatal("an empty signature verifies")
		}
		u := ebao.SignedURL("https://h:8090/", ebao.PathQuotation, key, body, key)
		if !strings.HasSuffix(u, "&signature="+s) {
			t.Fatalf("signed URL does not end with the signature")
		}
	})
}

// FuzzValidateBody runs eBao's body validation on arbitrary bodies.
// Property: no panic; a refusal is a Usage *failure.Error listing at least
// one field; the document's examples pass.
func FuzzValidateBody(f *testing.F) {
	for _, name := range ebao.ExampleNames() {
		b, err := ebao.Example(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"policyHolder":{"PH005":"9","PH006":"11010519491231002X","PH003":"1949-12-31T00:00:00.000Z"}}`))
	f.Add([]byte(`{"effectiveDate":"2015-07-16T03:07:53.970Z","expiredDate":"2014-01-01"}`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, validate := range []func([]byte) error{ebao.ValidateQuotation, ebao.ValidateIssuance, ebao.ValidateCancellation} {
			err := validate(b)
			if err == nil {
				continue
			}
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Kind != failure.Usage {
				t.Fatalf("refusal is not a usage error: %T %v", err, err)
			}
			if len(fe.Fields) == 0 {
				t.Fatalf("refusal names no field: %v", err)
			}
		}
		_, _ = ebao.ParseDate(string(b))
	})
}
