package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// An act answered 204 No Content, or 200 with no body, is an unknown
// outcome named by its status (exit 5, the act's resolve hint, an unknown
// journal row), not the provider's parse error; eBao's issuance is
// settled by running it again, Paoding's purchase by looking the order up.
func TestHostileEmptyAnswerToAnAct(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusOK} {
		says := map[int]string{204: "answered 204 No Content with no body", 200: "answered 200 OK with no body"}[status]
		mode := fmt.Sprintf("empty:%d", status)
		t.Run("ebao-issue/"+http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			p, url := newHostileProxy(t, serveSandbox(t, u), ebaoIssueIsAct)
			env := []string{"INSURE_SANDBOX_URL=" + url}
			args := []string{"-p", "sandbox", "issue", "--provider", "ebao", "-f", "../../examples/ebao/quote.json", "--quote", ebaoQuote(t, u, env), "--yes"}
			p.set(mode)
			r := u.run("", env, args...)
			p.set("")
			if r.code != 5 {
				t.Errorf("exit %d, want 5\n%s", r.code, r.stderr)
			}
			for _, s := range []string{says, unknownSays, "again with `insure -p sandbox issue --provider ebao -f "} {
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
			if r2.code != 4 || !strings.Contains(r2.stderr, "nothing more was issued") || p.acts.Load() != 2 {
				t.Errorf("rerun: exit %d (acts %d)\n%s", r2.code, p.acts.Load(), r2.stderr)
			}
		})
		t.Run("paoding-buy/"+http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			u := newUser(t)
			p, url := newHostileProxy(t, serveSandbox(t, u), paodingBuyIsAct)
			env := []string{"INSURE_SANDBOX_URL=" + url}
			// api sends the purchase once and reports its outcome.
			p.set(mode)
			r := u.run(`{"brandFactoryId":"20","vin":"LSVAU2180N2183294","orderId":"E-1","notifyUrl":"https://partner.example.com/paoding/notify"}`, env,
				"-p", "sandbox", "api", "paoding", "report.buy", "-f", "-", "--yes")
			p.set("")
			if r.code != 5 || p.acts.Load() != 1 {
				t.Errorf("api: exit %d, want 5 (acts %d)\n%s", r.code, p.acts.Load(), r.stderr)
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
			if b.code != 0 || !strings.Contains(b.stdout, `"E-2"`) || p.acts.Load() != 2 {
				t.Errorf("vin-report buy: exit %d (acts %d)\n%s%s", b.code, p.acts.Load(), b.stdout, b.stderr)
			}
		})
	}
}
