package batchcmd

import (
	"context"
	"fmt"
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"golang.org/x/time/rate"
)

// DailyQuota is the documented daily limit of a provider's operation, or 0.
// Only Paoding's document gives them (providers/paoding DailyQuotas); the
// production figure, the smaller, is used.
func DailyQuota(provider, operation string) int {
	if provider == paoding.Provider {
		if q, ok := paoding.DailyQuotas[operation]; ok {
			return q.Production
		}
	}
	return 0
}

// Limiters are the rate limits of one batch: the daily quota as a token
// bucket holding a day's calls and refilling over the day, and the
// requested rate per second. sentToday are the calls of the operation
// already sent on the provider's day (SentToday): the bucket starts
// without them, so that batches run one after another share one day's
// quota instead of each starting with a full one.
func Limiters(provider, operation, rateSpec string, sentToday int) ([]*rate.Limiter, error) {
	var out []*rate.Limiter
	if q := DailyQuota(provider, operation); q > 0 {
		lim := rate.NewLimiter(rate.Every(24*time.Hour/time.Duration(q)), q)
		// A day's calls at most: more (sent past the quota, or by a
		// journal that counts refusals too) cannot make the wait for the
		// next call longer than the refill of one.
		lim.AllowN(time.Now(), min(sentToday, q))
		out = append(out, lim)
	}
	if rateSpec != "" {
		r, burst, err := batch.ParseRate(rateSpec)
		if err != nil {
			// A bad defaults.rate is refused when the profile is read, so
			// the spec is --rate's: the message names the flag.
			return nil, &failure.Error{Kind: failure.Usage, Message: "--" + err.Error() + "; nothing was sent",
				Hint: "for example --rate 20/s (or --rate 20, also per second), --rate 30/m or --rate 1000/h; leave --rate out for no limit besides the provider's daily quota"}
		}
		out = append(out, rate.NewLimiter(r, burst))
	}
	return out, nil
}

// providerDay is the start of the day now is in where the quotas are
// counted: Paoding's days begin at midnight China time (UTC+8, no
// daylight saving), whatever the user's zone.
func providerDay(now time.Time) time.Time {
	t := now.In(output.ChinaStandardTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, output.ChinaStandardTime)
}

// SentToday counts the requests of the operation that profile sent since
// the provider's day began, as the journal holds them (every request
// sent is recorded with its send time, whatever its answer), for an
// operation with a daily quota; 0 for one without.
func SentToday(ctx context.Context, st *store.Store, profile, provider, operation string, now time.Time) (int, error) {
	if DailyQuota(provider, operation) == 0 {
		return 0, nil
	}
	return st.CountHistory(ctx, store.JournalFilter{Profile: profile, Provider: provider, Operation: operation, Since: providerDay(now)})
}

// quotaSpent is the notice of a batch that starts with the day's quota
// already spent by earlier runs: its lines wait for the bucket's refill,
// one call every few minutes for a small quota.
func quotaSpent(profile, operation string, sent, quota int) string {
	every := (24 * time.Hour / time.Duration(quota)).Round(100 * time.Millisecond)
	return fmt.Sprintf("batch: profile %s sent %d %s request(s) today (China time), and its daily quota is %d: lines go one every %s as the limit refills; "+
		"the provider counts its quota from midnight China time, and its quota answer before then stops the batch",
		profile, sent, operation, quota, every)
}
