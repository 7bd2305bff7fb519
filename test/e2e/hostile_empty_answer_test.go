package e2e

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// emptyingProxy passes every request to target, and answers an act (after
// target acted on it) with status and no body: a gateway that drops the
// provider's answer. hostileProxy's modes spoil an answer otherwise.
func emptyingProxy(t *testing.T, target string, isAct func(string, []byte) bool, status int) (string, *atomic.Int64) {
	t.Helper()
	var acts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, _ := http.NewRequest(r.Method, target+r.URL.RequestURI(), bytes.NewReader(body))
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if isAct(r.URL.Path, body) && acts.Add(1) == 1 {
			w.WriteHeader(status) // the first act only: a rerun is answered
			return
		}
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &acts
}

// An act answered 204 No Content, or 200 with no body, is an unknown
// outcome named by its status (exit 5, the act's resolve hint, an unknown
// journal row), not the provider's parse error; eBao's issuance is
// settled by running it again, Paoding's purchase by looking the order up.
func TestHostileEmptyAnswerToAnAct(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusOK} {
		says := map[int]string{204: "answered 204 No Content with no body", 200: "answered 200 OK with no body"}[status]
		t.Run("ebao-issue/"+http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			url, acts := emptyingProxy(t, serveSandbox(t, u), ebaoIssueIsAct, status)
			env := []string{"INSURE_SANDBOX_URL=" + url}
			args := []string{"-p", "sandbox", "issue", "--provider", "ebao", "-f", "../../examples/ebao/quote.json", "--quote", ebaoQuote(t, u, env), "--yes"}
			r := u.run("", env, args...)
			if r.code != 5 {
				t.Errorf("exit %d, want 5\n%s", r.code, r.stderr)
			}
			for _, s := range []string{says, unknownSays, "run the same `insure -p sandbox issue` again"} {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if unknownRows(t, u, env, "issuance") == "0" {
				t.Errorf("no issuance row is unknown in the journal")
			}
			h := u.run("", env, "-p", "sandbox", "history", "list", "--operation", "issuance", "-o", "json")
			if !strings.Contains(h.stdout, says) {
				t.Errorf("the journal row does not say %q:\n%s%s", says, h.stdout, h.stderr)
			}
			r2 := u.run("", env, args...)
			if r2.code != 4 || !strings.Contains(r2.stderr, "nothing more was issued") || acts.Load() != 2 {
				t.Errorf("rerun: exit %d (acts %d)\n%s", r2.code, acts.Load(), r2.stderr)
			}
		})
		t.Run("paoding-buy/"+http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			url, acts := emptyingProxy(t, serveSandbox(t, u), paodingBuyIsAct, status)
			env := []string{"INSURE_SANDBOX_URL=" + url}
			// api sends the purchase once and reports its outcome.
			r := u.run(`{"brandFactoryId":"20","vin":"LSVAU2180N2183294","orderId":"E-1","notifyUrl":"https://partner.example.com/paoding/notify"}`, env,
				"-p", "sandbox", "api", "paoding", "report.buy", "-f", "-", "--yes")
			if r.code != 5 || acts.Load() != 1 {
				t.Errorf("api: exit %d, want 5 (acts %d)\n%s", r.code, acts.Load(), r.stderr)
			}
			for _, s := range []string{says, "insure -p sandbox vin-report get E-1"} {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("api: stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if unknownRows(t, u, env, "report.buy") == "0" {
				t.Errorf("no report.buy row is unknown in the journal")
			}
			// vin-report buy looks a purchase in doubt up: found, it was bought.
			b := u.run("", env, "-p", "sandbox", "vin-report", "buy", "--vin", "LSVAU2180N2183295", "--brand-factory", "20", "--order-id", "E-2", "--yes")
			if b.code != 0 || !strings.Contains(b.stdout, `"E-2"`) || acts.Load() != 2 {
				t.Errorf("vin-report buy: exit %d (acts %d)\n%s%s", b.code, acts.Load(), b.stdout, b.stderr)
			}
		})
	}
}
