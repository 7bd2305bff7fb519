package shared

import (
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/output"
)

// "Which VINs did we buy yesterday?": --since yesterday --until today
// bounds yesterday in the zone times are shown in. Both were refused.
func TestTodayAndYesterdayAreTheStartOfTheirDay(t *testing.T) {
	z := output.Zone()
	now := time.Date(2026, 12, 3, 0, 30, 0, 0, z)
	for v, want := range map[string]time.Time{
		"today":     time.Date(2026, 12, 3, 0, 0, 0, 0, z),
		"Yesterday": time.Date(2026, 12, 2, 0, 0, 0, 0, z),
		" TODAY ":   time.Date(2026, 12, 3, 0, 0, 0, 0, z),
	} {
		got, err := ParseTime(v, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v", v, got, err, want)
		}
	}
	if _, err := ParseTime("tomorrow", now); err == nil {
		t.Error("tomorrow was taken")
	}
}
