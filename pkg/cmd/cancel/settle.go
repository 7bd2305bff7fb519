package cancel

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
)

// alreadyCancelled and endorsementIn read eBao's refusal of a second
// cancellation: "policy P… is not effective (status CANCELLED,
// endorsement E…)" (docs/providers/ebao.md). Only a status of cancelled
// says an earlier cancellation took effect; a policy not effective for
// another reason (expired, never paid) settles nothing.
var (
	alreadyCancelled = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bstatus\W{0,3}cancell?ed\b|\balready\s+cancell?ed\b`)
	})
	endorsementIn = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bendorsement(?:[\s_]*(?:number|no\.?))?\s*[:：]?\s*([A-Z0-9][A-Z0-9-]{3,})`)
	})
	// noSuchPolicy: eBao does not know the policy, so no cancellation of
	// it can have taken effect.
	noSuchPolicy = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bunknown policy\b|\bpolicy\b.{0,40}\b(?:not found|does not exist|no such)\b`)
	})
)

// settleByRerun reads a refused cancellation: when eBao says the policy
// is already cancelled, an earlier cancellation of it whose outcome was
// unknown is settled as cancelled, with this run's refusal as what
// settled it, and the endorsement eBao names becomes a key of those rows
// (`insure find E…`). The refusal is still exit 4; its hint says so.
func settleByRerun(ctx context.Context, opts *Options, profile, policy string, sent time.Time, err error) {
	var fe *failure.Error
	if policy == "" || !errors.As(err, &fe) || fe.Kind != failure.Refused {
		return
	}
	st, serr := opts.Store()
	if serr != nil {
		return
	}
	if noSuchPolicy().MatchString(fe.Message) {
		// An earlier attempt whose answer was lost cancelled nothing.
		_, _ = st.Settle(ctx, store.Settlement{Profile: profile, Provider: ebao.Provider, Operation: ebao.OpCancellation,
			Key: policy, Outcome: store.OutcomeFailed, By: "re-run"})
		return
	}
	if !alreadyCancelled().MatchString(fe.Message) {
		return
	}
	var keys map[string]string
	endorsement := ""
	if m := endorsementIn().FindStringSubmatch(fe.Message); m != nil {
		endorsement = m[1]
		keys = map[string]string{"endorsementNumber": endorsement}
	}
	n, serr := st.Settle(ctx, store.Settlement{Profile: profile, Provider: ebao.Provider, Operation: ebao.OpCancellation,
		Key: policy, Outcome: store.OutcomeOK, By: "re-run", Since: sent, Keys: keys})
	if serr != nil || n == 0 {
		return
	}
	what := "it cancelled the policy"
	if endorsement != "" {
		what = "it cancelled the policy with endorsement " + endorsement
	}
	fe.Hint = fmt.Sprintf("this settles the earlier cancellation of policy %s whose outcome was unknown: %s, and the journal now says so (`insure -p %s find %s`); nothing more was cancelled by this request",
		policy, what, profile, policy)
}
