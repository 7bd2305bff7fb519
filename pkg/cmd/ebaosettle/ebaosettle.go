// Package ebaosettle settles an eBao issuance or cancellation whose
// outcome the journal has as unknown, from the refusal a repeat of it
// meets: eBao issues a quotation once and cancels a policy once, and its
// refusal of the repeat names what the first did. issue, cancel and api
// send the repeat; each settles through here, so that following any of
// their hints settles the doubt in the journal alike.
package ebaosettle

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

// alreadyIssued finds, in eBao's refusal of an issuance, the policy the
// quotation already became ("quotation Q… was already issued as policy
// P…", docs/providers/ebao.md). The wording is read loosely: what matters
// is "already" and the policy number after "policy".
var alreadyIssued = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\balready\b.*?\bpolicy(?:\s*(?:number|no\.?))?\s*[:：]?\s*([A-Z0-9][A-Z0-9-]{3,})`)
})

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

// IssuedBefore reads a refusal of an issuance (as the journal keeps its
// message) for the policy the quotation already became.
func IssuedBefore(message string) (map[string]string, bool) {
	m := alreadyIssued().FindStringSubmatch(message)
	if m == nil {
		return nil, false
	}
	return map[string]string{"policyNumber": m[1]}, true
}

// CancelledBefore reads a refusal of a cancellation for an earlier
// cancellation that took effect, and its endorsement when named.
func CancelledBefore(message string) (map[string]string, bool) {
	if noSuchPolicy().MatchString(message) || !alreadyCancelled().MatchString(message) {
		return nil, false
	}
	keys := map[string]string{}
	if m := endorsementIn().FindStringSubmatch(message); m != nil {
		keys["endorsementNumber"] = m[1]
	}
	return keys, true
}

// Issuance reads a refused issuance: when eBao says the quotation is
// already a policy, the journal learns the policy number (as a key of
// this run's row, so `insure find P…` finds it) and an earlier issuance
// of the quotation whose outcome was unknown is settled as issued, with
// this run's refusal as what settled it. The error's hint says so. It
// changes nothing else: the refusal is still exit 4.
func Issuance(ctx context.Context, st *store.Store, profile, quotation string, sent time.Time, err error) {
	var fe *failure.Error
	if quotation == "" || !errors.As(err, &fe) || fe.Kind != failure.Refused {
		return
	}
	m := alreadyIssued().FindStringSubmatch(fe.Message)
	if m == nil {
		return
	}
	policy := m[1]
	if st == nil {
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

// Cancellation reads a refused cancellation: when eBao says the policy
// is already cancelled, an earlier cancellation of it whose outcome was
// unknown is settled as cancelled, with this run's refusal as what
// settled it, and the endorsement eBao names becomes a key of those rows
// (`insure find E…`). The refusal is still exit 4; its hint says so.
func Cancellation(ctx context.Context, st *store.Store, profile, policy string, sent time.Time, err error) {
	var fe *failure.Error
	if policy == "" || !errors.As(err, &fe) || fe.Kind != failure.Refused {
		return
	}
	if st == nil {
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
