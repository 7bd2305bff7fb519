package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/benchcpu"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/sandbox/state/statetest"
	"github.com/insurekit/insure/providers/sunshine"
)

// storedCounts are the amounts of stored state the benchmarks compare: a
// request must cost the same with none and with 100,000.
var storedCounts = []int{0, 100_000}

var benchNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func benchClient(b *testing.B) *sunshine.Client {
	priv, err := sunshine.ParsePrivateKeyPEM([]byte(TestPartnerPrivateKeyPEM))
	if err != nil {
		b.Fatal(err)
	}
	return sunshine.New(sunshine.Config{BaseURL: "http://sandbox" + Path, SellerID: TestSellerID, AgentCode: TestAgentCode,
		PrivateKey: priv, Now: func() time.Time { return benchNow }})
}

// basicInfo is a signed 100 request opening session sid.
func basicInfo(b *testing.B, c *sunshine.Client, sid string) []byte {
	body, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo, SessionID: sid, InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "08512200"}, {Name: "noLicenseFlag", Value: "1"}, {Name: "ownerName", Value: "李四"}, {Name: "ownerMobile", Value: "13800138000"},
		{Name: "agentCode", Value: TestAgentCode}, {Name: "spsource", Value: TestSpSource}, {Name: "netcampaignno", Value: TestNetCampaignNo}}}}})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func send(b *testing.B, h http.Handler, body []byte) []byte {
	req := httptest.NewRequest(http.MethodPost, Path, bytes.NewReader(body))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	// 100 asks for the vehicle form (status 200): the session is open.
	if w.Code != http.StatusOK || !bytes.Contains(w.Body.Bytes(), []byte("<Status>200</Status>")) {
		b.Fatalf("HTTP %d %.300q", w.Code, w.Body.Bytes())
	}
	return w.Body.Bytes()
}

// benchHandler is a sandbox over a state file holding n sessions and n
// stored answers (copies of a real 100 session and its answer), written,
// closed and opened again as a later `insure sandbox serve` would find it.
func benchHandler(b *testing.B, n int) http.Handler {
	st, path := statetest.Open(b)
	reply := send(b, New(Options{State: st, Now: func() time.Time { return benchNow }}), basicInfo(b, benchClient(b), "PREFILL"))
	sess, _, err := state.Get(context.Background(), st, kindSession, "PREFILL")
	if err != nil {
		b.Fatal(err)
	}
	err = st.Tx(context.Background(), func(tx state.Tx) error {
		for i := 0; i < n; i++ {
			if err := tx.Put(kindSession, fmt.Sprintf("20260302180000%06d", i), sess); err != nil {
				return err
			}
			if err := tx.Put(kindReply, fmt.Sprintf("%064x", i), reply); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	st = statetest.Reopen(b, st, path)
	return New(Options{State: st, Now: func() time.Time { return benchNow }})
}

// BenchmarkBasicInfo is one new purchase session (100): the partner's
// signing of the request (an RSA signature, in the loop because every
// request must differ), then the handler: signature check, session and
// stored-answer rows, the signed answer.
func BenchmarkBasicInfo(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			h, c := benchHandler(b, n), benchClient(b)
			i := 0
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				i++
				send(b, h, basicInfo(b, c, fmt.Sprintf("B%d", i)))
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkRepeat is a request sent again: the stored answer, found by the
// request's digest, is sent back byte for byte.
func BenchmarkRepeat(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			h := benchHandler(b, n)
			body := basicInfo(b, benchClient(b), "REPEAT")
			first := send(b, h, body)
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				if !bytes.Equal(send(b, h, body), first) {
					b.Fatal("a repeated request got another answer")
				}
			}
			cpu.Report(b)
		})
	}
}
