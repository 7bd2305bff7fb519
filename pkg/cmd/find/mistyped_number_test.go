package find_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// storyOf is find's JSON for key: its state and each step's operation.
func storyOf(t *testing.T, e *cmdtest.Env, key string) (state string, ops []string) {
	t.Helper()
	e.F.IOStreams.SetStdoutTTY(false)
	var s struct {
		State string
		Steps []struct{ Operation string }
	}
	if out := run(t, e, "find", key); json.Unmarshal([]byte(out), &s) != nil {
		t.Fatalf("find %s: not JSON: %q", key, out)
	}
	for _, st := range s.Steps {
		ops = append(ops, st.Operation)
	}
	return s.State, ops
}

// Support pastes an order's platform number into `vin-report get`, or a
// quotation number into `cancel`: the provider refuses (no order has this
// orderId, unknown policy) and nothing happens. The failed step carried
// the order's or the quotation's digits under another name, and joined
// its story by them: `find ORD-A` named the subject "order 20261203-…" and
// ended "last step report fetched: failed … no order has this orderId";
// `find P…` named it "policy Q…" and told a cancellation of it. A number
// links steps only under the same kind of key.
func TestFindDoesNotJoinAFailedStepGivenAnotherThingsNumber(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	platform := field(t, run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183401", "--brand-factory", "20", "--order-id", "ORD-A", "--yes"), "platformOrderNum")
	if code := exec(e, "vin-report", "get", platform); code != 4 {
		t.Fatalf("get by the platform number: exit %d\n%s", code, e.ErrOut.String())
	}
	for _, key := range []string{"ORD-A", "LSVAU2180N2183401"} {
		state, ops := storyOf(t, e, key)
		if !strings.HasPrefix(state, "order ORD-A bought ") || strings.Contains(state, "last step") || strings.Contains(state, platform) {
			t.Errorf("find %s: state %q", key, state)
		}
		if strings.Join(ops, " ") != "report.buy" {
			t.Errorf("find %s: steps %v, want the purchase alone", key, ops)
		}
	}
	// The platform number itself finds both steps: the subject is still
	// the order bought, not the number the failed look-up was given.
	if state, ops := storyOf(t, e, platform); !strings.HasPrefix(state, "order ORD-A bought ") || strings.Contains(state, "last step") || len(ops) != 2 {
		t.Errorf("find %s: state %q, steps %v", platform, state, ops)
	}

	q := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	p := field(t, run(t, e, "issue", "--provider", "ebao", "-f", examples+"ebao/issue.json", "--quote", q, "--yes"), "policyNumber")
	if code := exec(e, "cancel", "--provider", "ebao", q, "--yes"); code != 4 {
		t.Fatalf("cancel by the quotation number: exit %d\n%s", code, e.ErrOut.String())
	}
	for _, key := range []string{p, "沪A6U615"} {
		state, ops := storyOf(t, e, key)
		if !strings.HasPrefix(state, "policy "+p+" quoted ") || strings.Contains(state, "last step") || strings.Contains(state, "cancel") {
			t.Errorf("find %s: state %q", key, state)
		}
		if strings.Contains(strings.Join(ops, " "), "cancellation") {
			t.Errorf("find %s: steps %v hold the cancellation of %s", key, ops, q)
		}
	}
	if state, ops := storyOf(t, e, q); !strings.HasPrefix(state, "policy "+p+" quoted ") || strings.Contains(state, "last step") ||
		!strings.Contains(strings.Join(ops, " "), "cancellation") {
		t.Errorf("find %s: state %q, steps %v", q, state, ops)
	}
}
