package httpx

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says when Send repeats a request. Each operation declares
// one next to its definition in its provider package; docs/reliability.md
// lists them.
//
// A request is repeated only after a connection failure (nothing or only
// part of an answer came back), a 429 or a 5xx, with exponential back-off
// and full jitter, honouring Retry-After, and never past the deadline of
// the exchange. An answer too large, a redirect, a dry run or any other
// status is final.
type RetryPolicy struct {
	// Attempts is the most times the request is sent; 0 or 1 means once.
	Attempts int
	// Base is the back-off ceiling before the first repeat, doubled for
	// each further one up to Max; the wait is drawn uniformly below it.
	Base, Max time.Duration
}

// NoRetry sends once: for operations that act (buy, issue, cancel) and
// for any whose repeat is not harmless (a single-use refresh token).
var NoRetry = RetryPolicy{Attempts: 1}

// Idempotent is for look-ups, and for operations the provider promises to
// answer identically when repeated: three attempts at most.
var Idempotent = RetryPolicy{Attempts: 3, Base: 250 * time.Millisecond, Max: 4 * time.Second}

func (p RetryPolicy) attempts() int { return max(1, p.Attempts) }

// backoff is the wait before repeat number n (0 for the first repeat):
// full jitter, uniform in [0, min(Max, Base·2ⁿ)].
func (p RetryPolicy) backoff(n int) time.Duration {
	if p.Base <= 0 {
		return 0
	}
	ceil := p.Base << min(n, 30)
	if ceil <= 0 || (p.Max > 0 && ceil > p.Max) {
		ceil = max(p.Max, p.Base)
	}
	return rand.N(ceil + 1)
}

// MaxRetryAfter is the longest Retry-After a repeat waits for. A server
// asking for longer (a quota reset tomorrow: 86400) is not slept through
// in silence, which without --timeout could last a day: the request is
// not repeated, and the error's hint names the wait.
const MaxRetryAfter = 30 * time.Second

// retryable says whether an answer with this status may be repeated.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// RetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}
