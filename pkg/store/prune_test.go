package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// recordAged records one entry per age, in the order given (so ids follow
// the order, not the times), each named by its operation: answered
// (200) exchanges, which nothing keeps in doubt.
func recordAged(t *testing.T, s *Store, now time.Time, body string, aged map[string]time.Duration, order ...string) {
	t.Helper()
	for _, op := range order {
		if _, err := s.RecordEntry(context.Background(), httpx.Entry{Time: now.Add(-aged[op]), Provider: "ebao", Operation: op, Status: 200, Request: body}); err != nil {
			t.Fatal(err)
		}
	}
}

// kept lists the operations of the entries left, sorted.
func kept(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.History(context.Background(), JournalFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, r := range rows {
		ops = append(ops, r.Operation)
	}
	slices.Sort(ops)
	return ops
}

const day = 24 * time.Hour

// Entries are recorded when their request ends, stamped with when it
// began, so ids are not in time order (a slow request, a clock put
// right). The age goes by each entry's time: pruning cut at the highest
// id of an old entry and so removed a newer one recorded before it.
func TestPruneByAgeGoesByEachEntrysTime(t *testing.T) {
	s := open(t)
	now := time.Now()
	aged := map[string]time.Duration{"new-first": day, "old": 200 * day, "new-last": time.Hour}
	recordAged(t, s, now, "", aged, "new-first", "old", "new-last")
	res, err := s.PruneJournal(context.Background(), PruneOptions{Before: now.Add(-90 * day)})
	if err != nil || res.Removed != 1 || res.Remaining != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := kept(t, s); strings.Join(got, ",") != "new-first,new-last" {
		t.Fatalf("kept %v", got)
	}
}

// The size cap keeps the newest entries by time, whatever their ids.
func TestPruneBySizeKeepsTheNewestByTime(t *testing.T) {
	s := open(t)
	now := time.Now()
	aged := map[string]time.Duration{"d1": day, "d2": 2 * day, "d3": 3 * day, "d4": 4 * day, "d5": 5 * day}
	// About 10 kB each: 25 kB keeps two.
	recordAged(t, s, now, strings.Repeat("x", 10000), aged, "d3", "d1", "d5", "d2", "d4")
	res, err := s.PruneJournal(context.Background(), PruneOptions{MaxBytes: 25000})
	if err != nil || res.Removed != 3 || res.Remaining != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := kept(t, s); strings.Join(got, ",") != "d1,d2" {
		t.Fatalf("kept %v", got)
	}
}

// What a dry run counted is what Through removes: an entry recorded while
// the user was asked is left for the next prune, even an old one.
func TestPruneThroughRemovesOnlyWhatWasCounted(t *testing.T) {
	s := open(t)
	now := time.Now()
	aged := map[string]time.Duration{"old": 200 * day, "new": day, "late-old": 300 * day}
	recordAged(t, s, now, "", aged, "old", "new")
	plan, err := s.PruneJournal(context.Background(), PruneOptions{Before: now.Add(-90 * day), DryRun: true})
	if err != nil || plan.Removed != 1 || plan.Through == 0 || !plan.NewestRemoved.Equal(now.Add(-200*day)) {
		t.Fatalf("%+v %v", plan, err)
	}
	recordAged(t, s, now, "", aged, "late-old")
	res, err := s.PruneJournal(context.Background(), PruneOptions{Before: now.Add(-90 * day), Through: plan.Through})
	if err != nil || res.Removed != 1 || res.Remaining != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := kept(t, s); strings.Join(got, ",") != "late-old,new" {
		t.Fatalf("kept %v", got)
	}
}

// Notifications last received before the age cut are pruned with the
// journal: nothing removed them, and a listener facing the network adds
// a row for each notification it admits. Newer ones stay.
func TestPruneByAgeRemovesOldNotifications(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	for _, n := range []struct {
		order string
		at    time.Time
	}{{"OLD-1", now.Add(-100 * day)}, {"NEW-1", now.Add(-1 * day)}} {
		s.now = func() time.Time { return n.at }
		if _, _, err := s.RecordNotification(ctx, Notification{Provider: "paoding", OrderID: n.order, Hash: "h", Body: []byte("status=2")}); err != nil {
			t.Fatal(err)
		}
	}
	s.now = time.Now
	if _, err := s.PruneJournal(ctx, PruneOptions{Before: now.Add(-90 * day)}); err != nil {
		t.Fatal(err)
	}
	for order, want := range map[string]int{"OLD-1": 0, "NEW-1": 1} {
		got, err := s.Notifications(ctx, "paoding", order)
		if err != nil || len(got) != want {
			t.Errorf("%s: %d notifications (%v), want %d", order, len(got), err, want)
		}
	}
}

// A zero age asks to keep nothing, as 30m does, and gets the same answer
// (it got "must be an age like 90d", as if 0d were not one); a minute is
// one minute.
func TestRetentionAgeUnderAnHourSaysSo(t *testing.T) {
	for v, want := range map[string]string{
		"0s": `"0s" is no time at all`, "0d": `"0d" is no time at all`, "1m": `"1m" is 1 minute (`,
		"30m": `"30m" is 30 minutes`, "abc": `must be an age like 90d`,
	} {
		_, err := ParseRetentionAge(v)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", v, err, want)
		}
	}
	if d, err := ParseRetentionAge("90d"); err != nil || d != 90*24*time.Hour {
		t.Errorf("90d: %v %v", d, err)
	}
}
