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
	"net/url"
	"sort"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
)

// IssuedBefore returns the reading of a refusal of an issuance of
// quotation (as the journal keeps its message) for the policy the
// quotation already became.
func IssuedBefore(quotation string) func(message string) (map[string]string, bool) {
	return func(message string) (map[string]string, bool) {
		if p := issuedPolicy(message, quotation); p != "" {
			return map[string]string{"policyNumber": p}, true
		}
		return nil, false
	}
}

// CancelledBefore returns the reading of a refusal of a cancellation of
// policy for an earlier cancellation that took effect, and its
// endorsement when named.
func CancelledBefore(policy string) func(message string) (map[string]string, bool) {
	return func(message string) (map[string]string, bool) {
		endorsement, ok := cancelledBefore(message, policy)
		if !ok {
			return nil, false
		}
		keys := map[string]string{}
		if endorsement != "" {
			keys["endorsementNumber"] = endorsement
		}
		return keys, true
	}
}

// Issuance reads a refused issuance: when eBao says the quotation is
// already a policy, the journal learns the policy number (as a key of
// this run's row, so `insure find P…` finds it) and an earlier issuance
// of the quotation whose outcome was unknown is settled as issued, with
// this run's refusal as what settled it, under this profile and any
// other that sent it with the same access key. The error's hint says so.
// It changes nothing else: the refusal is still exit 4.
func Issuance(ctx context.Context, st *store.Store, profile, quotation string, sent time.Time, err error) {
	var fe *failure.Error
	if quotation == "" || st == nil || !errors.As(err, &fe) || fe.Kind != failure.Refused {
		return
	}
	policy := issuedPolicy(fe.Message, quotation)
	if policy == "" {
		undecided(ctx, st, fe, profile, ebao.OpIssuance, quotation,
			"it does not say that the quotation is already a policy, so it does not settle the earlier issuance of quotation "+quotation+
				" whose outcome is unknown: ask eBao whether the quotation was issued")
		return
	}
	n := settle(ctx, st, profile, ebao.OpIssuance, quotation, sent, map[string]string{"policyNumber": policy})
	if n == 0 {
		return
	}
	fe.Hint = fmt.Sprintf("this settles the earlier issuance of quotation %s whose outcome was unknown: it issued policy %s, and the journal now says so (`insure -p %s find %s`); nothing more was issued by this request",
		quotation, policy, profile, policy)
}

// Cancellation reads a refused cancellation: when eBao says the policy
// is already cancelled, an earlier cancellation of it whose outcome was
// unknown is settled as cancelled, with this run's refusal as what
// settled it, under this profile and any other with the same access key,
// and the endorsement eBao names becomes a key of those rows (`insure
// find E…`). The refusal is still exit 4; its hint says so.
func Cancellation(ctx context.Context, st *store.Store, profile, policy string, sent time.Time, err error) {
	var fe *failure.Error
	if policy == "" || st == nil || !errors.As(err, &fe) || fe.Kind != failure.Refused {
		return
	}
	if noSuchPolicy().MatchString(fe.Message) {
		// An earlier attempt whose answer was lost cancelled nothing.
		_, _ = st.Settle(ctx, store.Settlement{Profile: profile, Provider: ebao.Provider, Operation: ebao.OpCancellation,
			Key: policy, Outcome: store.OutcomeFailed, By: "re-run"})
		return
	}
	endorsement, ok := cancelledBefore(fe.Message, policy)
	if !ok {
		undecided(ctx, st, fe, profile, ebao.OpCancellation, policy,
			"it does not say that the policy is cancelled (a policy that expired or is not yet in force is not effective either), so it does not settle the earlier cancellation of policy "+policy+
				" whose outcome is unknown: ask eBao for the policy's status")
		return
	}
	var keys map[string]string
	if endorsement != "" {
		keys = map[string]string{"endorsementNumber": endorsement}
	}
	if settle(ctx, st, profile, ebao.OpCancellation, policy, sent, keys) == 0 {
		return
	}
	what := "it cancelled the policy"
	if endorsement != "" {
		what = "it cancelled the policy with endorsement " + endorsement
	}
	fe.Hint = fmt.Sprintf("this settles the earlier cancellation of policy %s whose outcome was unknown: %s, and the journal now says so (`insure -p %s find %s`); nothing more was cancelled by this request",
		policy, what, profile, policy)
}

// undecided adds why to the hint of a refusal that settles nothing while
// the act it repeats is still unknown: repeating it again would meet the
// same refusal, so the hint must not leave "run it again" as the way out.
func undecided(ctx context.Context, st *store.Store, fe *failure.Error, profile, op, key, why string) {
	rows, err := st.History(ctx, store.JournalFilter{Profile: profile, Provider: ebao.Provider, Operation: op, Key: key,
		Status: store.OutcomeUnknown, Limit: 1})
	if err != nil || len(rows) == 0 {
		return
	}
	fe.Hint = "this refusal of a repeat settles nothing: " + why + " (`insure -p " + profile + " find " + key + "` shows both requests); " + fe.Hint
}

// settle settles the unknown rows of the act keyed key as done, with
// keys learnt from the refusal, under profile and under every other
// profile whose rows of the act went to the same eBao account (the
// access key in the row's URL; the endpoint may differ, as a gateway or
// proxy in front of eBao changes it): a quotation or policy number is
// eBao's, whichever profile sent it. This run's own row (sent at or
// after sent) is settled with them. It returns how many rows it settled.
func settle(ctx context.Context, st *store.Store, profile, op, key string, sent time.Time, keys map[string]string) int {
	total := 0
	for _, other := range sameAccount(ctx, st, profile, op, key, sent) {
		n, err := st.Settle(ctx, store.Settlement{Profile: other, Provider: ebao.Provider, Operation: op, Key: key,
			Outcome: store.OutcomeOK, By: "re-run under profile " + profile, Keys: keys})
		if err == nil {
			total += n
		}
	}
	n, err := st.Settle(ctx, store.Settlement{Profile: profile, Provider: ebao.Provider, Operation: op, Key: key,
		Outcome: store.OutcomeOK, By: "re-run", Since: sent, Always: total > 0, Keys: keys})
	if err == nil {
		total += n
	}
	return total
}

// sameAccount lists the other profiles holding an unknown row of the act
// keyed key sent with the access key this profile's row (sent at or after
// sent) was sent with.
func sameAccount(ctx context.Context, st *store.Store, profile, op, key string, sent time.Time) []string {
	self, err := st.History(ctx, store.JournalFilter{Profile: profile, Provider: ebao.Provider, Operation: op, Key: key, Since: sent, Limit: 1})
	if err != nil || len(self) == 0 {
		return nil
	}
	account := accessKey(self[0].URL)
	if account == "" {
		return nil
	}
	rows, err := st.History(ctx, store.JournalFilter{Provider: ebao.Provider, Operation: op, Key: key, Status: store.OutcomeUnknown, Limit: -1})
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if r.Profile != profile && !seen[r.Profile] && accessKey(r.URL) == account {
			seen[r.Profile] = true
			out = append(out, r.Profile)
		}
	}
	sort.Strings(out)
	return out
}

// accessKey is the accessKey of a journalled request URL, "" when it has
// none (a row another client wrote, a URL that does not parse).
func accessKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Query().Get("accessKey")
}

// Unsettling is the message of eBao's refusal of a repeat of the act
// keyed key, sent after its newest attempt whose outcome is unknown,
// that did not settle it; "" when no repeat was refused since. A batch
// line's hint then stops offering the repeat, which would meet the same
// refusal, and says what is left to do.
func Unsettling(ctx context.Context, st *store.Store, profile, op, key string) string {
	if st == nil || key == "" {
		return ""
	}
	rows, err := st.History(ctx, store.JournalFilter{Profile: profile, Provider: ebao.Provider, Operation: op, Key: key, Limit: 50})
	if err != nil {
		return ""
	}
	// Newest first: a refusal before any unknown row is what is wanted.
	for _, r := range rows {
		switch r.Outcome {
		case store.OutcomeUnknown:
			return ""
		case store.OutcomeFailed:
			if r.ExitClass == failure.ExitRefused && r.Message != "" {
				return r.Message
			}
		}
	}
	return ""
}
