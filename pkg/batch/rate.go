package batch

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// ParseRate reads N/s, N/m, N/h (or a bare N, per second).
func ParseRate(s string) (rate.Limit, int, error) {
	s = strings.TrimSpace(s)
	num, unit, _ := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || n <= 0 || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, 0, fmt.Errorf("rate %q: want N/s, N/m, N/h or a bare N (per second) with a number N > 0, e.g. 20/s, 20 or 1000/h", s)
	}
	per := time.Second
	switch strings.TrimSpace(unit) {
	case "", "s", "sec", "second":
	case "m", "min", "minute":
		per = time.Minute
	case "h", "hour":
		per = time.Hour
	default:
		return 0, 0, fmt.Errorf("rate %q: the unit is s, m or h, e.g. 20/s or 1000/h (a bare 20 is per second)", s)
	}
	// A burst of one spaces the requests evenly: 20/s is one every 50 ms.
	return rate.Limit(n / per.Seconds()), 1, nil
}
