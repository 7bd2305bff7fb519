package batch

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// ParseRate reads N/s, N/m, N/h (or a bare N, per second).
func ParseRate(s string) (rate.Limit, int, error) {
	s = strings.TrimSpace(s)
	num, unit, _ := strings.Cut(s, "/")
	var n float64
	if _, err := fmt.Sscanf(num, "%g", &n); err != nil || n <= 0 {
		return 0, 0, fmt.Errorf("rate %q: want N/s, N/m or N/h with N > 0", s)
	}
	per := time.Second
	switch strings.TrimSpace(unit) {
	case "", "s", "sec", "second":
	case "m", "min", "minute":
		per = time.Minute
	case "h", "hour":
		per = time.Hour
	default:
		return 0, 0, fmt.Errorf("rate %q: the unit is s, m or h", s)
	}
	// A burst of one spaces the requests evenly: 20/s is one every 50 ms.
	return rate.Limit(n / per.Seconds()), 1, nil
}
