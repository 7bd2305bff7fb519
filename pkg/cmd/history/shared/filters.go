// Package shared holds what history list and history export share: how
// their filters are read. docs/support.md promises export takes list's
// filters, so both read them through here.
package shared

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/pkg/validate"
)

// Provider reads --provider in any case and refuses a name no provider
// has (providers nil: not checked): the journal records the registry's
// names, so a misspelt one would match nothing and look like an empty
// journal.
func Provider(given string, providers []string) (string, error) {
	p := strings.ToLower(strings.TrimSpace(given))
	if p == "" || providers == nil || slices.Contains(providers, p) {
		return p, nil
	}
	msg := fmt.Sprintf("--provider must be one of %s (got %q)", strings.Join(providers, ", "), given)
	if near := registry.Closest(p, providers); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return p, cmdutil.FlagErrorf("%s", msg)
}

// PlateForm is key as the journal keys a plate, when key is a plate
// written with a hyphen or a full stop between its letter and its digits
// (粤B-12345, 粤B.12345, as e-mails and forms write it); "" otherwise.
// Only a key that is then a valid plate is changed: an order id keeps its
// hyphen (SUP-1 is not SUP1).
func PlateForm(key string) string {
	forms := store.KeyForms(key)
	plain := forms[len(forms)-1]
	plate := strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', '_', '‐', '‑', '‒', '–', '—', '―', '−', '﹣', '｡':
			return -1
		}
		return r
	}, plain)
	if plate == plain || validate.Plate(plate, true) != nil {
		return ""
	}
	return plate
}

// Mobile is key as the mobile number it is (13800000000), when it is one,
// also typed in international form (+86 138 0000 0000, 0086…) or with
// hyphens; "" otherwise. Mobiles are not journal keys, and are masked
// wherever a key is repeated.
func Mobile(key string) string {
	forms := store.KeyForms(key)
	plain := strings.NewReplacer("-", "", "(", "", ")", "").Replace(forms[len(forms)-1])
	for _, prefix := range []string{"", "+86", "0086", "86"} {
		if rest, ok := strings.CutPrefix(plain, prefix); ok && validate.Mobile(rest) == nil {
			return rest
		}
	}
	return ""
}

// MaskedKey is key as a message may repeat it (store.MaskedKey), with a
// mobile in international form or with hyphens masked as the number it
// is: store.MaskedKey repeated +8613800000000 in clear.
func MaskedKey(key string) string {
	if m := Mobile(key); m != "" {
		return personal.MaskKey(m)
	}
	return store.MaskedKey(key)
}

// ConfiguredProfiles lists the profiles of the config file, for
// SelectedProfile; nil (nothing checked) without a config.
func ConfiguredProfiles(f *cmdutil.Factory) func() ([]string, error) {
	if f.Config == nil {
		return nil
	}
	return func() ([]string, error) {
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		return cfg.ProfileNames(), nil
	}
}

// SelectedProfile refuses a selected profile (-p, or the current one)
// that is neither configured nor in the journal, as every other command
// refuses it: a typo would otherwise match nothing, exit 0. A removed
// profile whose requests the journal still holds is accepted. profiles
// nil: not checked; hint says how to see every profile's requests.
func SelectedProfile(ctx context.Context, st *store.Store, profiles func() ([]string, error), name, hint string) error {
	if name == "" || profiles == nil {
		return nil
	}
	known, err := profiles()
	if err != nil || slices.Contains(known, name) {
		// A broken config file is reported by the commands that use it;
		// the journal can still be read.
		return nil
	}
	n, err := st.CountHistory(ctx, store.JournalFilter{Profile: name})
	if err != nil || n > 0 {
		return err
	}
	msg := fmt.Sprintf("no profile named %q (known: %s) and no request in the journal made with it", name, strings.Join(known, ", "))
	if near := registry.Closest(name, known); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return &failure.Error{Kind: failure.Usage, Message: msg, Hint: hint}
}

// KeyAsRecorded is --key, or the first other form of it the journal holds
// (store.KeyForms: its upper case, then without the spaces and dots a
// plate is pasted with) when the key as given matches nothing: VINs,
// plates and the providers' numbers are upper case, and are often typed
// in lower. errOut is told which key was used, as in "listing the
// requests keyed ..." (doing is "listing", "exporting").
func KeyAsRecorded(ctx context.Context, st *store.Store, f store.JournalFilter, errOut io.Writer, doing string) (string, error) {
	forms := store.KeyForms(f.Key)
	if forms[0] == "" {
		return f.Key, nil
	}
	if n, err := st.CountHistory(ctx, f); err != nil || n > 0 {
		return f.Key, err
	}
	if plate := PlateForm(forms[0]); plate != "" {
		forms = append(forms, plate)
	}
	for _, key := range forms[1:] {
		f.Key = key
		n, err := st.CountHistory(ctx, f)
		if err != nil {
			return forms[0], err
		}
		if n == 0 {
			continue
		}
		// Named only when the journal holds it in clear: a name or an
		// ID number typed with spaces matches its hash in another form,
		// and is not repeated.
		if clear, err := st.KeyInClear(ctx, key); err != nil {
			return key, err
		} else if clear {
			fmt.Fprintf(errOut, "nothing is keyed %q; %s the requests keyed %q\n", forms[0], doing, key)
		}
		return key, nil
	}
	// A mixed-case id (a batch's INSBea51…) typed in one case: no form
	// above has its case.
	key, err := st.KeyInAnyCase(ctx, forms[len(forms)-1])
	if err != nil || key == "" {
		return forms[0], err
	}
	f.Key = key
	if n, err := st.CountHistory(ctx, f); err != nil || n == 0 {
		// Keyed only by other profiles' or other filters' requests.
		return forms[0], err
	}
	fmt.Fprintf(errOut, "nothing is keyed %q; %s the requests keyed %q\n", forms[0], doing, key)
	return key, nil
}

// Status reads --status in any letter case: ok, failed or unknown.
func Status(given string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(given))
	switch s {
	case "", store.OutcomeOK, store.OutcomeFailed, store.OutcomeUnknown:
		return s, nil
	}
	return "", cmdutil.FlagErrorf("--status must be ok, failed or unknown (got %q), e.g. --status failed", given)
}

// Window reads --since and --until (ParseTime) and refuses a window that
// ends before it begins: it would match nothing, and look like an empty
// journal, exit 0. Durations count back from now, so --since 1h --until
// 2h is such a window (--since 2h --until 1h was meant). --until is where
// the window ends, left out, except that a time to the second, as a row
// prints it, takes that whole second in: the rows printed with the time
// copied carry fractions of it (18:01:12.5), and were left out.
func Window(since, until string, now time.Time) (from, to time.Time, err error) {
	if from, err = ParseTime(since, now); err != nil {
		return from, to, cmdutil.FlagErrorf("--since %v", err)
	}
	if to, err = ParseTime(until, now); err != nil {
		return from, to, cmdutil.FlagErrorf("--until %v", err)
	}
	if toTheSecond(until) {
		to = to.Add(time.Second)
	}
	if from.IsZero() || to.IsZero() || from.Before(to) {
		return from, to, nil
	}
	msg := fmt.Sprintf("--since %s is not before --until %s: nothing could match", strings.TrimSpace(since), strings.TrimSpace(until))
	if from.Equal(to) {
		// Swapping them, the hint for a backward window, would repeat
		// the same window.
		next := from.AddDate(0, 0, 1).Format("2006-01-02")
		if d, err := time.Parse("2006-01-02", strings.TrimSpace(since)); err == nil {
			next = d.AddDate(0, 0, 1).Format("2006-01-02")
		}
		return from, to, cmdutil.FlagErrorf("%s; --until is where the window ends, left out: for one day, e.g. --since %s --until %s",
			msg, strings.TrimSpace(since), next)
	}
	return from, to, cmdutil.FlagErrorf("%s; durations count back from now, e.g. --since %s --until %s",
		msg, strings.TrimSpace(until), strings.TrimSpace(since))
}

// toTheSecond says whether v is a time written to the second without a
// fraction in one of the forms the list prints or a person types
// (2026-11-30 18:01:12 +08:00, 2026-11-30 18:01:12): it names a whole
// second. RFC 3339 is an instant, as a script gives it, and stays one.
func toTheSecond(v string) bool {
	v = strings.TrimSpace(v)
	for _, l := range localLayouts {
		if !l.second {
			continue
		}
		if _, err := time.Parse(l.layout, v); err == nil {
			return true
		}
	}
	return false
}

// localLayouts are the times, besides RFC 3339, that --since and --until
// take. The first is how history list and find print a time, so a time
// copied from their tables bounds the list; the others are what a person
// types, read in the zone times are shown in (output.Zone).
var localLayouts = []struct {
	layout string
	zoned  bool
	// second: the layout gives a time to the second (toTheSecond).
	second bool
}{
	{"2006-01-02 15:04:05 -07:00", true, true},
	{"2006-01-02 15:04:05.000 -07:00", true, false},
	{"2006-01-02 15:04:05", false, true},
	{"2006-01-02 15:04", false, false},
	{"2006-01-02T15:04:05", false, true},
	{"2006-01-02T15:04", false, false},
	{"2006-01-02", false, false},
}

// ParseTime reads --since or --until: a duration before now (30m, 24h,
// 7d, 2w), today or yesterday (their start), an RFC 3339 time, a time as history list prints it
// (2026-11-30 18:01:12 +08:00), or a date or a time without an offset
// in the local zone (2026-11-30, 2026-11-30 18:00); "" is no bound.
func ParseTime(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	// The start of today or yesterday in the zone times are shown in:
	// `--since yesterday --until today` is yesterday's steps.
	switch strings.ToLower(v) {
	case "today", "yesterday":
		n := now.In(output.Zone())
		day := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, n.Location())
		if strings.EqualFold(v, "yesterday") {
			day = day.AddDate(0, 0, -1)
		}
		return day, nil
	}
	for _, l := range localLayouts {
		if l.zoned {
			if t, err := time.Parse(l.layout, v); err == nil {
				return t, nil
			}
		} else if t, err := time.ParseInLocation(l.layout, v, output.Zone()); err == nil {
			return t, nil
		}
	}
	// 24H and 7D as typed with caps lock or read out: the units in lower
	// case. M stays refused: six months or six minutes?
	lower := strings.NewReplacer("H", "h", "D", "d", "W", "w", "S", "s").Replace(v)
	if d, err := store.ParseAge(lower); err == nil {
		return now.Add(-d), nil
	}
	if d, err := time.ParseDuration(lower); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("must be a duration like 30m, 24h, 7d or 2w, today or yesterday, a time like 2026-11-30T18:00:00+08:00 or 2026-11-30 18:00:00 +08:00, or a local date or time like 2026-11-30 or 2026-11-30 18:00 (got %q)", v)
}
