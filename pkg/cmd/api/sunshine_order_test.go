package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

var orderHeaderField = regexp.MustCompile(`<(SessionId|RequestType)>([^<]*)</`)

// orderPlatform is a platform written from the manual that answers every
// request with the status and <Response> body held in answer ("status
// body"), its header matching the request's, signed with the sandbox's
// test platform key. The Env's profile "staging" points at it.
func orderPlatform(t *testing.T, e *cmdtest.Env) *atomic.Value {
	t.Helper()
	key, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPlatformPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	answer := &atomic.Value{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := io.ReadAll(r.Body)
		h := map[string]string{}
		for _, m := range orderHeaderField.FindAllSubmatch(req, -1) {
			h[string(m[1])] = string(m[2])
		}
		status, body, _ := strings.Cut(answer.Load().(string), " ")
		doc := `<?xml version="1.0" encoding="GBK" standalone="yes"?><PackageList><Package><Header><Version>2</Version>` +
			`<RequestType>` + h["RequestType"] + `</RequestType><SessionId>` + h["SessionId"] + `</SessionId>` +
			`<Status>` + status + `</Status><ErrorMessage>` + status + `</ErrorMessage></Header><Sign></Sign>` + body + `</Package></PackageList>`
		signed, err := sunshine.SignDocument([]byte(doc), "Response", key)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "text/xml; charset=GBK")
		_, _ = w.Write(signed)
	}))
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	e.F.Globals.Yes = true
	return answer
}

const (
	bizIssued   = `<SubOrder type="biz"><TBOrderId>TB2026030200002</TBOrderId><ProposalNo>T085105092026000000</ProposalNo><PolicyNo>P085105092026000000</PolicyNo></SubOrder>`
	forceIssued = `<SubOrder type="force"><TBOrderId>TB2026030200003</TBOrderId><ProposalNo>T085105072026000000</ProposalNo><PolicyNo>P085105072026000000</PolicyNo></SubOrder>`
)

func ourOrder(subs ...string) string {
	return `<Response><Order><TBOrderId>TB2026030200001</TBOrderId><SubOrderList>` + strings.Join(subs, "") + `</SubOrderList></Order></Response>`
}

// QA's repro: `insure api sunshine 130 -f examples/sunshine/130.yaml
// --session 20260302100000123456 --yes` against a platform that answers
// for another order (TBOrderId T1, a biz sub-order only) was exit 0 and
// printed the foreign order. It is exit 6, outcome unknown, with what to
// do; nothing of that order is printed as the result.
func TestSunshineIssueAnswerForAnotherOrderIsExit6(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	answer := orderPlatform(t, e)
	answer.Store(`100 <Response><Order><TBOrderId>T1</TBOrderId><SubOrderList><SubOrder type="biz"><TBOrderId>T1</TBOrderId><ProposalNo>P1</ProposalNo><PolicyNo>POL1</PolicyNo></SubOrder></SubOrderList></Order></Response>`)
	err := run(e, "sunshine", "130", "-f", examplesDir+"sunshine/130.yaml", "--session", "20260302100000123456")
	j := string(cmdutil.ErrorJSON(err))
	if cmdutil.ExitCode(err) != 6 || !strings.Contains(j, `"outcome_unknown":true`) || !strings.Contains(j, "another order") ||
		!strings.Contains(j, "SessionId 20260302100000123456") {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), j)
	}
	if strings.Contains(e.Out.String(), "POL1") {
		t.Errorf("the foreign order was printed: %s", e.Out.String())
	}

	// The payment check (125) for another order: exit 6, no premium shown.
	e.Reset()
	answer.Store(`100 <Response><TagsList><Tags><Tag><Definition name="type">label</Definition><Definition name="key">totalPremium</Definition><Definition name="premium">315024</Definition></Tag></Tags></TagsList><Order><TBOrderId>OTHER1</TBOrderId><Premium>315024</Premium><PayNo></PayNo></Order></Response>`)
	err = run(e, "sunshine", "125", "-f", examplesDir+"sunshine/125.yaml", "--session", "20260302100000123456")
	if cmdutil.ExitCode(err) != 6 || strings.Contains(e.Out.String(), "315024") || strings.Contains(e.Out.String(), "3150.24") {
		t.Fatalf("125 for another order: exit %d, out %q: %v", cmdutil.ExitCode(err), e.Out.String(), err)
	}
}

// A 130 answer of status 100 naming only the biz policy of a biz+force
// request: the answer is printed (the biz policy exists), stderr warns
// naming the force sub-order, exit 6; no JSON error follows the result.
func TestSunshineIssueAnswerWithoutForcePolicyWarns(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	answer := orderPlatform(t, e)
	answer.Store("100 " + ourOrder(bizIssued))
	err := run(e, "sunshine", "130", "-f", examplesDir+"sunshine/130.yaml", "--session", "20260302100000123456")
	if cmdutil.ExitCode(err) != 6 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	out, stderr := e.Out.String(), e.ErrOut.String()
	if !strings.Contains(out, "P085105092026000000") || strings.Contains(out, `"error"`) {
		t.Errorf("stdout %q", out)
	}
	if !strings.Contains(stderr, "warning:") || !strings.Contains(stderr, "sub-order force (TBOrderId TB2026030200003") {
		t.Errorf("stderr %q", stderr)
	}

	// Both policies: exit 0, no warning.
	e.Reset()
	answer.Store("100 " + ourOrder(bizIssued, forceIssued))
	if err := run(e, "sunshine", "130", "-f", examplesDir+"sunshine/130.yaml", "--session", "20260302100000123456"); err != nil {
		t.Fatalf("both policies: %v", err)
	}
	if strings.Contains(e.ErrOut.String(), "warning:") {
		t.Errorf("warned of a complete answer: %s", e.ErrOut.String())
	}
}

// Status 2, as in the manual's 130 example: exit 6 (an undefined status),
// and the error names the policies its verified body carries.
func TestSunshineIssueStatus2NamesTheSignedPolicies(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	answer := orderPlatform(t, e)
	answer.Store("2 " + ourOrder(bizIssued, forceIssued))
	err := run(e, "sunshine", "130", "-f", examplesDir+"sunshine/130.yaml", "--session", "20260302100000123456")
	j := string(cmdutil.ErrorJSON(err))
	if cmdutil.ExitCode(err) != 6 || !strings.Contains(j, "biz policy P085105092026000000") || !strings.Contains(j, "force policy P085105072026000000") {
		t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), j)
	}
}

// The sandbox took a 125 (and a 130) naming only some of the session's
// sub-orders, answered for the whole order and, for 130, issued every
// policy; the client then refused the answer as for another order, and
// the session never learnt its policies. A request must name the
// session's whole order: the sandbox refuses a sub-order left out.
func TestSandboxRefusesAPaymentCheckLeavingASubOrderOut(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	e.F.Globals.Output = "json"
	if err := run(e, "sunshine", "100", "-f", examplesDir+"sunshine/100.yaml"); err != nil {
		t.Fatal(err)
	}
	var started struct{ SessionID string }
	if err := json.Unmarshal(e.Out.Bytes(), &started); err != nil || started.SessionID == "" {
		t.Fatalf("100: %s", e.Out)
	}
	sid := started.SessionID
	for _, txn := range []string{"105", "120"} {
		e.Reset()
		if err := run(e, "sunshine", txn, "-f", examplesDir+"sunshine/"+txn+".yaml", "--session", sid); err != nil {
			t.Fatalf("%s: %v", txn, err)
		}
	}
	var underwritten struct {
		Order struct {
			SubOrders []struct{ Type, ProposalNo string }
		}
	}
	if err := json.Unmarshal(e.Out.Bytes(), &underwritten); err != nil || len(underwritten.Order.SubOrders) != 2 {
		t.Fatalf("120: %s", e.Out)
	}
	biz := underwritten.Order.SubOrders[0]
	file := filepath.Join(t.TempDir(), "125.yaml")
	spec := `transaction: "125"
order:
  tbOrderId: "TB2026030200001"
  subOrders:
    - {type: ` + biz.Type + `, tbOrderId: "TB2026030200002", proposalNo: "` + biz.ProposalNo + `"}
`
	if err := os.WriteFile(file, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	err := run(e, "sunshine", "125", "-f", file, "--session", sid)
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "子订单缺失") {
		t.Fatalf("a 125 without the %s sub-order: exit %d: %v", underwritten.Order.SubOrders[1].Type, cmdutil.ExitCode(err), err)
	}
}
