package ebaosettle_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

// A cancellation whose answer was lost is settled by the refusal of the
// same cancellation in any wording a real eBao plausibly uses for "this
// policy is already cancelled", not only the sandbox's; a refusal that
// could mean something else (not effective for another reason, another
// policy named) leaves it unknown, and its hint says that repeating it
// settles nothing rather than sending the user round again.
func TestRefusalWordingsOfARepeatedCancellation(t *testing.T) {
	cases := []struct {
		wording string
		settles bool
	}{
		{"policyNumber: policy {P} is not effective (CANCELLED)", true},
		{"policyNumber: policy {P} is not effective (status CANCELLED, endorsement E9)", true},
		{"policy {P} has been cancelled", true},
		{"Policy {P} was already cancelled.", true},
		{"保单{P}已退保，不能重复退保", true},
		{"policyNumber: policy {P} is not effective", false},
		{"policyNumber: policy {P} is not effective (status EXPIRED)", false},
		{"policy {P} has not been cancelled: applicationDate is before the policy starts", false},
		{"policy P2699999999999999 has been cancelled", false},
	}
	for _, c := range cases {
		t.Run(c.wording, func(t *testing.T) {
			e, proxy := reworded(t)
			p := issued(t, e)
			proxy.set(true, "")
			if err := cancelAgain(e, p); cmdutil.ExitCode(err) != 5 {
				t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			proxy.set(false, c.wording)
			err := cancelAgain(e, p)
			var fe *failure.Error
			if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) {
				t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			left := unknownRows(t, e, ebao.OpCancellation, p)
			if c.settles {
				if left != 0 || !strings.Contains(fe.Hint, "this settles the earlier cancellation of policy "+p) {
					t.Errorf("%d rows still unknown; hint %q", left, fe.Hint)
				}
				return
			}
			if left != 1 || strings.Contains(fe.Hint, "this settles") || !strings.Contains(fe.Hint, "settles nothing") {
				t.Errorf("%d rows unknown; hint %q", left, fe.Hint)
			}
		})
	}
}

// The same for an issuance: a refusal saying the quotation already became
// a policy settles it, in English or Chinese, either way round, and the
// policy it names (eBao's numbers may hold letters and '_', as the
// document's PVeh_Owner_GuardA_TP15000000000106 does) becomes a key
// whole; one naming a policy for another reason, or another quotation,
// does not.
func TestRefusalWordingsOfARepeatedIssuance(t *testing.T) {
	const docPolicy = "PVeh_Owner_GuardA_TP15000000000106"
	cases := []struct {
		wording string
		policy  string // the policy the journal learns; "" when it must not settle
	}{
		{"quotationNumber: quotation {Q} already issued as policy {P}", "{P}"},
		{"询价单{Q}已出单，保单号{P}", "{P}"},
		{"policy " + docPolicy + " has already been issued for quotation {Q}", docPolicy},
		{"quotation {Q} has been used: policy number " + docPolicy, docPolicy},
		{"the vehicle is already insured under policy {P}", ""},
		{"quotation Q2699999999999999 was already issued as policy {P}", ""},
		{"quotationNumber: quotation {Q} has expired", ""},
	}
	for _, c := range cases {
		t.Run(c.wording, func(t *testing.T) {
			e, proxy := reworded(t)
			q := quoted(t, e)
			proxy.set(true, "")
			if err := issueAgain(e, q); cmdutil.ExitCode(err) != 5 {
				t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			proxy.set(false, c.wording)
			err := issueAgain(e, q)
			var fe *failure.Error
			if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) {
				t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
			}
			left := unknownRows(t, e, ebao.OpIssuance, q)
			if c.policy == "" {
				if left != 1 || strings.Contains(fe.Hint, "this settles") || !strings.Contains(fe.Hint, "settles nothing") {
					t.Errorf("%d rows unknown; hint %q", left, fe.Hint)
				}
				return
			}
			if left != 0 || !strings.Contains(fe.Hint, "this settles the earlier issuance of quotation "+q) {
				t.Fatalf("%d rows still unknown; hint %q", left, fe.Hint)
			}
			policy := c.policy
			if policy == "{P}" {
				policy = strings.Fields(strings.TrimPrefix(fe.Hint, "this settles the earlier issuance of quotation "+q+" whose outcome was unknown: it issued policy "))[0]
				policy = strings.TrimSuffix(policy, ",")
			}
			if s := story(t, e, policy); !strings.Contains(s.State, "issued (settled by the re-run)") || strings.Contains(s.State, "unknown") {
				t.Errorf("find %s: %q", policy, s.State)
			}
		})
	}
}
