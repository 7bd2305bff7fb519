package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) spring(t *testing.T) springError {
	t.Helper()
	var e springError
	if err := json.Unmarshal(a.body, &e); err != nil || e.Status != a.status || e.Path == "" || e.Timestamp == "" {
		t.Fatalf("not a Spring error body: %s", a.body)
	}
	return e
}

func (a answer) signed() bool {
	return ebao.VerifyResponse(a.body, TestSecretKey, a.header.Get("signature"))
}

// post sends body to path with a correct signature unless url is given.
func post(t *testing.T, srv *httptest.Server, path string, body []byte, rawQuery string) answer {
	t.Helper()
	u := ebao.SignedURL(srv.URL, path, TestAccessKey, body, TestSecretKey)
	if rawQuery != "" {
		u = srv.URL + path + "?" + rawQuery
	}
	resp, err := http.Post(u, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

func serve(t *testing.T, store state.Store, now time.Time) *httptest.Server {
	srv := httptest.NewServer(New(Options{State: store, Now: func() time.Time { return now }}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDocumentExampleGetsDocumentAnswer(t *testing.T) {
	body, err := os.ReadFile("../testdata/document_quotation.json")
	if err != nil {
		t.Fatal(err)
	}
	// On the day of the document's example the request is in the future.
	srv := serve(t, state.NewMemory(), time.Date(2015, 7, 16, 11, 0, 0, 0, beijing))
	a := post(t, srv, ebao.PathQuotation, body, "")
	want := `{"fee":{"COMMISSION":0,"APP":30,"AGP":30,"SNP":30,"ANP":30,"SGP":30},"quotationNumber":"Q1507160000000001"}`
	if a.status != 200 || string(a.body) != want || !a.signed() {
		t.Fatalf("HTTP %d %s (signed %v)", a.status, a.body, a.signed())
	}
	// The worked example in docs/providers/ebao.md.
	if got := a.header.Get("signature"); got != "a08cc53f9eeef33db23c4eb5dfd5de1c" || len(a.body) != 107 {
		t.Errorf("answer signature %s over %d bytes", got, len(a.body))
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("content type %q", ct)
	}
	// A year later its dates are in the past.
	srv = serve(t, state.NewMemory(), time.Date(2016, 7, 16, 11, 0, 0, 0, beijing))
	a = post(t, srv, ebao.PathQuotation, body, "")
	if e := a.spring(t); a.status != 400 || !strings.HasPrefix(e.Message, "effectiveDate:") || !a.signed() {
		t.Errorf("HTTP %d %s", a.status, a.body)
	}
}

func TestRequestAuthentication(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	body, _ := ebao.Example("quote")
	good := ebao.Sign(body, TestSecretKey)
	tests := []struct {
		name   string
		query  string
		status int
		msg    string
	}{
		{"no version", "accessKey=" + TestAccessKey + "&signature=" + good, 400, "version"},
		{"version 2", "version=2&accessKey=" + TestAccessKey + "&signature=" + good, 400, "version"},
		{"unknown key", "version=1&accessKey=nobody&signature=" + good, 401, "accessKey"},
		{"no signature", "version=1&accessKey=" + TestAccessKey, 401, "signature"},
		{"signature of other bytes", "version=1&accessKey=" + TestAccessKey + "&signature=" + ebao.Sign(append(body, '\n'), TestSecretKey), 401, "signature"},
		// The service compares the strings it computes: lower-case hex only.
		{"upper-case signature", "version=1&accessKey=" + TestAccessKey + "&signature=" + strings.ToUpper(good), 401, "signature"},
		{"signature padded with spaces", "version=1&accessKey=" + TestAccessKey + "&signature=%20" + good + "%20", 401, "signature"},
		{"signature as computed", "version=1&accessKey=" + TestAccessKey + "&signature=" + good, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := post(t, srv, ebao.PathQuotation, body, tt.query)
			if a.status != tt.status {
				t.Fatalf("HTTP %d %s", a.status, a.body)
			}
			if tt.status != 200 && !strings.Contains(a.spring(t).Message, tt.msg) {
				t.Errorf("message %s", a.body)
			}
			if tt.status == 401 && a.header.Get("signature") != "" {
				t.Error("an authentication failure was signed")
			}
		})
	}
}

func TestMethodPathAndContentType(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Now())
	resp, err := http.Get(srv.URL + ebao.PathQuotation)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET: %d", resp.StatusCode)
	}
	if a := post(t, srv, "/pa_web/api/policies/renewals", []byte("{}"), ""); a.status != 404 {
		t.Errorf("unknown path: %d", a.status)
	}
	body := []byte("{}")
	resp, err = http.Post(ebao.SignedURL(srv.URL, ebao.PathQuotation, TestAccessKey, body, TestSecretKey), "text/plain", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 415 {
		t.Errorf("text/plain: %d", resp.StatusCode)
	}
}

func TestDocumentRulesOnly(t *testing.T) {
	srv := serve(t, state.NewMemory(), time.Date(2026, 11, 23, 10, 0, 0, 0, beijing))
	example, _ := ebao.Example("quote")
	tests := []struct {
		name, from, to string
		status         int
		msg            string
	}{
		// The check digit is the client's rule, not the document's.
		{"bad check digit passes", `"PH006": "132456199001011234"`, `"PH006": "132456199001011235"`, 200, ""},
		{"no date at 7-14", `"PH006": "132456199001011234"`, `"PH006": "132456199013011234"`, 400, "policyHolder.PH006:"},
		{"e-mail without @", `"ISP012": "Shop.Zhang@123.com"`, `"ISP012": "Shop.Zhang.123.com"`, 400, "policyInsuredPeople[0].ISP012:"},
		{"ID type 9", `"PH005": 1`, `"PH005": 9`, 400, "policyHolder.PH005:"},
		{"not JSON", `{`, `[`, 400, "JSON parse error"},
		{"unknown coverage", `"ACC_BURN": true`, `"ACC_FIRE": true`, 400, "insuredObjects[0].componentSelection.ACC_FIRE:"},
		{"too long", `"2031-01-15T`, `"2032-01-15T`, 400, "expiredDate:"},
		{"quotation number not a string", `"channelCode": "AXA_TP"`, `"quotationNumber": 7, "channelCode": "AXA_TP"`, 400, "quotationNumber:"},
		{"coverage not a boolean", `"ACC_BURN": true`, `"ACC_BURN": "yes"`, 400, "insuredObjects[0].componentSelection.ACC_BURN:"},
		{"campaign code not a string", `"code": "campaign_1"`, `"code": 1`, 400, "campaigns[0].code:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := bytes.Replace(example, []byte(tt.from), []byte(tt.to), 1)
			a := post(t, srv, ebao.PathQuotation, body, "")
			if a.status != tt.status || !a.signed() {
				t.Fatalf("HTTP %d %s (signed %v)", a.status, a.body, a.signed())
			}
			if tt.status == 400 && !strings.HasPrefix(a.spring(t).Message, tt.msg) {
				t.Errorf("message %s", a.body)
			}
		})
	}
}

// Two sandboxes sharing one store behave as one service, as two insure
// processes do with the state file.
func TestStateIsShared(t *testing.T) {
	store := state.NewMemory()
	day1 := time.Date(2026, 11, 23, 23, 30, 0, 0, beijing)
	a, b := serve(t, store, day1), serve(t, store, day1.Add(time.Hour))
	quote, _ := ebao.Example("quote")
	var q struct{ QuotationNumber string }
	ans := post(t, a, ebao.PathQuotation, quote, "")
	_ = json.Unmarshal(ans.body, &q)
	if q.QuotationNumber != "Q2611230000000001" {
		t.Fatalf("quotation %s", ans.body)
	}
	issue, _ := ebao.WithQuotationNumber(quote, q.QuotationNumber)
	ans = post(t, b, ebao.PathIssuance, issue, "")
	var p struct{ PolicyNumber, Status string }
	_ = json.Unmarshal(ans.body, &p)
	// The next day in Beijing; the sequence carries on.
	if p.PolicyNumber != "P2611240000000001" || p.Status != "EFFECTIVE" || !ans.signed() {
		t.Fatalf("issuance %d %s", ans.status, ans.body)
	}
	if ans = post(t, b, ebao.PathQuotation, quote, ""); !bytes.Contains(ans.body, []byte("Q2611240000000002")) {
		t.Errorf("second quotation %s", ans.body)
	}
	cancel := ebao.NewCancellation(p.PolicyNumber, "CHANNEL01", ebao.ApplyByInsurer, day1)
	if ans = post(t, a, ebao.PathCancellation, cancel, ""); ans.status != 400 || !strings.HasPrefix(ans.spring(t).Message, "channelCode:") {
		t.Errorf("other channel: %d %s", ans.status, ans.body)
	}
	cancel = ebao.NewCancellation(p.PolicyNumber, TestChannelCode, ebao.ApplyByInsurer, day1)
	if ans = post(t, a, ebao.PathCancellation, cancel, ""); string(ans.body) != `{"endorsement_number":"E2611230000000001","success":true}` {
		t.Errorf("cancellation %d %s", ans.status, ans.body)
	}
	if ans = post(t, b, ebao.PathCancellation, cancel, ""); ans.status != 400 || !strings.Contains(ans.spring(t).Message, "E2611230000000001") {
		t.Errorf("second cancellation %d %s", ans.status, ans.body)
	}
	var pol *policyRec
	_ = store.Tx(context.Background(), func(tx state.Tx) (err error) {
		pol, err = (&record{tx: tx}).policy(p.PolicyNumber)
		return err
	})
	if pol == nil || pol.Status != statusCancelled || pol.ApplicationType != ebao.ApplyByInsurer {
		t.Errorf("stored policy %+v", pol)
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0", 5: "0.05", 260: "2.6", 2750: "27.5", 3000: "30", 123456: "1234.56"} {
		if got := yuan(fen); string(got) != want {
			t.Errorf("yuan(%d) = %s, want %s", fen, got, want)
		}
	}
}
