package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/benchcpu"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/sandbox/state/statetest"
	"github.com/insurekit/insure/providers/bihu"
)

// storedCounts are the amounts of stored state the benchmarks compare: a
// request must cost the same with none and with 100,000.
var storedCounts = []int{0, 100_000}

var benchNow = time.Unix(1489044754, 0)

// benchHandler is a sandbox over a state file holding n open sessions,
// each with a renewal record, written, closed and opened again as a later
// `insure sandbox serve` would find it.
func benchHandler(b *testing.B, n int) http.Handler {
	st, path := statetest.Open(b)
	err := st.Tx(context.Background(), func(tx state.Tx) error {
		for i := 0; i < n; i++ {
			tok, rt := fmt.Sprintf("S%031d", i), fmt.Sprintf("R%031d", i)
			sess := Session{AgentID: TestAgentID, UserName: TestUsername, IssuedAt: benchNow, ExpiresAt: benchNow.Add(24 * time.Hour)}
			ren := Renewal{Token: tok, LicenseNo: "京J97896", CityCode: "1", ExpiresAt: sess.ExpiresAt}
			for _, err := range []error{
				state.PutJSON(tx, kindSession, tok, sess), expiry.Add(tx, sess.ExpiresAt, kindSession, tok),
				state.PutJSON(tx, kindRenewal, rt, ren), expiry.Add(tx, ren.ExpiresAt, kindRenewal, rt),
			} {
				if err != nil {
					return err
				}
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

func post(b *testing.B, h http.Handler, path string, body map[string]string) map[string]any {
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s: HTTP %d %s", path, w.Code, w.Body.Bytes())
	}
	var m map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &m)
	return m
}

func loginBody(now time.Time) map[string]string {
	ts := strconv.FormatInt(now.Unix(), 10)
	_, code := bihu.LoginSecCode(TestAgentID, TestUsername, TestSecretKey, ts, "3600", false)
	return map[string]string{"agentId": TestAgentID, "userName": TestUsername, "timestamp": ts, "timeout": "3600", "secCode": code}
}

// BenchmarkRenewal is one renewal lookup that finds a record (session
// check, renewal row, expiry index) through the handler.
func BenchmarkRenewal(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			h := benchHandler(b, n)
			tok, _ := post(b, h, "/unite/login", loginBody(benchNow))["Token"].(string)
			p := map[string]string{bihu.ParamAgentID: TestAgentID, bihu.ParamToken: tok, bihu.ParamLicenseNo: "京J97896",
				bihu.ParamCityCode: "1", bihu.ParamTimeStamp: strconv.FormatInt(benchNow.Unix(), 10)}
			_, p["SecCode"] = bihu.RenewalSecCode(p, TestSecretKey, false)
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				post(b, h, "/unite/unitecheckrenewal", p)
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkLogin is one login (a session row, its expiry entry, a sweep of
// what has ended).
func BenchmarkLogin(b *testing.B) {
	for _, n := range storedCounts {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			h := benchHandler(b, n)
			body := loginBody(benchNow)
			b.ReportAllocs()
			cpu := benchcpu.Start()
			for b.Loop() {
				post(b, h, "/unite/login", body)
			}
			cpu.Report(b)
		})
	}
}
