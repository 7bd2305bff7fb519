package output

import (
	"strings"
	"sync/atomic"
	"time"
)

// ChinaStandardTime is the zone of every time a provider sends without
// one: the four partner documents give local Beijing times (UTC+8, no
// daylight saving).
var ChinaStandardTime = time.FixedZone("CST", 8*60*60)

// zone, when set, replaces the local zone for showing times (SetZone).
var zone atomic.Pointer[time.Location]

// Zone is the zone times are shown in: the local one, unless SetZone chose
// another.
func Zone() *time.Location {
	if z := zone.Load(); z != nil {
		return z
	}
	return time.Local
}

// SetZone shows times in loc from now on (nil: the local zone again) and
// returns a function that puts the previous choice back. Tests use it
// instead of assigning time.Local, which every goroutine of the process
// reads (net/http's servers among them).
func SetZone(loc *time.Location) (restore func()) {
	old := zone.Swap(loc)
	return func() { zone.Store(old) }
}

// timeLayout is how a person sees a time: in their own zone, with the
// offset, so a token's "issued" and a report's "ordered" compare at a
// glance. JSON carries time.Time values, which encode as RFC 3339.
const timeLayout = "2006-01-02 15:04:05 -07:00"

// Time shows t in the local zone with its offset; the zero time is "".
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone()).Format(timeLayout)
}

// PreciseTime is Time to the millisecond, for a journal entry's own
// page, where two requests a moment apart must be told apart.
func PreciseTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone()).Format("2006-01-02 15:04:05.000 -07:00")
}

// providerLayouts are the zone-less forms the partner documents use.
var providerLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05.000",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"20060102150405",
}

// ParseProviderTime reads a provider's time: RFC 3339 when it carries a
// zone, else one of the documents' forms in China Standard Time.
func ParseProviderTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	for _, l := range providerLayouts {
		if t, err := time.ParseInLocation(l, s, ChinaStandardTime); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ProviderTime shows a provider's time as Time does. A bare date, which
// has no zone to convert, and anything unparseable are shown as sent.
func ProviderTime(s string) string {
	if t, ok := ParseProviderTime(s); ok {
		return Time(t)
	}
	return s
}

// DateOfTime is the date of a cell Time made, for a table too narrow for
// the clock and zone (Table.Shorter): the date is the one in Zone.
func DateOfTime(cell string) string {
	date, _, _ := strings.Cut(cell, " ")
	return date
}
