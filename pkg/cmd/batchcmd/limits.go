package batchcmd

import (
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/failure"
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
// requested rate per second.
func Limiters(provider, operation, rateSpec string) ([]*rate.Limiter, error) {
	var out []*rate.Limiter
	if q := DailyQuota(provider, operation); q > 0 {
		out = append(out, rate.NewLimiter(rate.Every(24*time.Hour/time.Duration(q)), q))
	}
	if rateSpec != "" {
		r, burst, err := batch.ParseRate(rateSpec)
		if err != nil {
			// A bad defaults.rate is refused when the profile is read, so
			// the spec is --rate's: the message names the flag.
			return nil, &failure.Error{Kind: failure.Usage, Message: "--" + err.Error() + "; nothing was sent",
				Hint: "for example --rate 20/s, --rate 30/m or --rate 1000/h; leave --rate out for no limit besides the provider's daily quota"}
		}
		out = append(out, rate.NewLimiter(r, burst))
	}
	return out, nil
}
