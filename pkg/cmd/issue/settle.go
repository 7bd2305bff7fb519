package issue

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// alreadyIssued finds, in eBao's refusal of an issuance, the policy the
// quotation already became ("quotation Q… was already issued as policy
// P…", docs/providers/ebao.md). The wording is read loosely: what matters
// is "already" and the policy number after "policy".
var alreadyIssued = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\balready\b.*?\bpolicy(?:\s*(?:number|no\.?))?\s*[:：]?\s*([A-Z0-9][A-Z0-9-]{3,})`)
})

// settleByRerun reads a refused issuance: when eBao says the quotation is
// already a policy, the journal learns the policy number (as a key of
// this run's row, so `insure find P…` finds it) and an earlier issuance
// of the quotation whose outcome was unknown is settled as issued, with
// this run's refusal as what settled it. The error's hint says so. It
// changes nothing else: the refusal is still exit 4.
func settleByRerun(ctx context.Context, opts *Options, profile, quotation string, sent time.Time, err error) {
	var fe *failure.Error
	if quotation == "" || !errors.As(err, &fe) || fe.Kind != failure.Refused {
		return
	}
	m := alreadyIssued().FindStringSubmatch(fe.Message)
	if m == nil {
		return
	}
	policy := m[1]
	st, serr := opts.Store()
	if serr != nil {
		return
	}
	n, serr := st.Settle(ctx, store.Settlement{Profile: profile, Provider: ebao.Provider, Operation: ebao.OpIssuance,
		Key: quotation, Outcome: store.OutcomeOK, By: "re-run", Since: sent, Keys: map[string]string{"policyNumber": policy}})
	if serr != nil || n == 0 {
		return
	}
	fe.Hint = fmt.Sprintf("this settles the earlier issuance of quotation %s whose outcome was unknown: it issued policy %s, and the journal now says so (`insure -p %s find %s`); nothing more was issued by this request",
		quotation, policy, profile, policy)
}

// settleSunshineSession settles the session's requests whose outcome the
// journal has as unknown (an answer lost, cut off or untrusted) once the
// session shows what they did: its underwriting (120) once it holds
// proposal numbers, its payment check (125) once it is past it, and its
// issue (130) once it is issued, with the policy numbers as keys. A rerun
// sends the very bytes of a lost request and learns the outcome from the
// platform's answer; a run after that finds the session past the step.
// since, when set, marks this run's own requests (a 130 the platform
// refused as already issued settles as what proves it).
func settleSunshineSession(ctx context.Context, opts *Options, profile string, s *purchase.Session, since time.Time) {
	st, err := opts.Store()
	if err != nil {
		return
	}
	settle := func(txn sunshine.Transaction, since time.Time, keys map[string]string) {
		_, _ = st.Settle(ctx, store.Settlement{Profile: profile, Provider: sunshine.Provider, Operation: txn.Operation(),
			Key: s.ID, Outcome: store.OutcomeOK, By: "sent again", Since: since, Keys: keys})
	}
	if len(s.ProposalNos()) > 0 {
		settle(sunshine.TxnUnderwrite, time.Time{}, nil)
	}
	if s.Step == string(sunshine.TxnPaymentCheck) || s.Issued() {
		settle(sunshine.TxnPaymentCheck, time.Time{}, nil)
	}
	if !s.Issued() {
		return
	}
	var keys map[string]string
	if pols := s.PolicyNos(); len(pols) > 0 {
		all := make([]string, 0, len(pols))
		for _, typ := range sortedKeys(pols) {
			all = append(all, pols[typ])
		}
		keys = map[string]string{"policyNo": strings.Join(all, ",")}
	}
	settle(sunshine.TxnIssue, since, keys)
}
