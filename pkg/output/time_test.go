package output

import (
	"testing"
	"time"
)

func TestTimesCarryTheirZone(t *testing.T) {
	defer SetZone(time.UTC)()
	if got, want := ProviderTime("2026-12-01 01:42:20"), "2026-11-30 17:42:20 +00:00"; got != want {
		t.Errorf("ProviderTime = %q, want %q (China time shown in the local zone)", got, want)
	}
	SetZone(ChinaStandardTime)
	if got, want := ProviderTime("2026-12-01 01:42:20"), "2026-12-01 01:42:20 +08:00"; got != want {
		t.Errorf("ProviderTime = %q, want %q", got, want)
	}
	if got, want := Time(time.Date(2026, 11, 30, 17, 42, 6, 0, time.UTC)), "2026-12-01 01:42:06 +08:00"; got != want {
		t.Errorf("Time = %q, want %q", got, want)
	}
	if got, want := PreciseTime(time.Date(2026, 11, 30, 17, 42, 6, 7e6, time.UTC)), "2026-12-01 01:42:06.007 +08:00"; got != want {
		t.Errorf("PreciseTime = %q, want %q", got, want)
	}
	for _, asSent := range []string{"2025-05-11", "", "soon"} {
		if got := ProviderTime(asSent); got != asSent {
			t.Errorf("ProviderTime(%q) = %q; a date or unknown text is shown as sent", asSent, got)
		}
	}
	if Time(time.Time{}) != "" || PreciseTime(time.Time{}) != "" {
		t.Error("the zero time shows as a date")
	}
}
