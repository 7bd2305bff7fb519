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

// settleSunshineIssue settles, once the session is known to be issued,
// the session's 130 requests whose outcome the journal has as unknown (an
// answer lost, cut off or untrusted): they issued its policies, which the
// journal learns as keys. A re-run sends the very bytes of the lost 130 and
// learns the policies from the platform's answer; a run after that finds
// the session issued. since, when set, marks this run's own 130.
func settleSunshineIssue(ctx context.Context, opts *Options, profile string, s *purchase.Session, since time.Time) {
	st, err := opts.Store()
	if err != nil {
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
	_, _ = st.Settle(ctx, store.Settlement{Profile: profile, Provider: sunshine.Provider, Operation: sunshine.TxnIssue.Operation(),
		Key: s.ID, Outcome: store.OutcomeOK, By: "sent again", Since: since, Keys: keys})
}
