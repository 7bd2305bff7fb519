package issue

import (
	"context"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

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
