package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// issuanceActs is the InDoubt the command passes: eBao's issuance acts,
// its quotation does not.
func issuanceActs(provider, operation string) bool {
	return provider == "ebao" && operation == "issuance"
}

// recordAct records one eBao row keyed by quotation number, age old:
// unknown (an answer lost after sending), or answered 200.
func recordAct(t *testing.T, s *Store, now time.Time, op, quotation string, age time.Duration, unknown bool, body string) int64 {
	t.Helper()
	e := httpx.Entry{Time: now.Add(-age), Profile: "sandbox", Provider: "ebao", Operation: op,
		Keys: map[string]string{"quotationNumber": quotation}, Method: "POST", URL: "http://x", Status: 200, Request: body}
	if unknown {
		e.Status, e.Error = 0, "read: connection reset by peer"
		e.Verdict = &httpx.Verdict{ExitClass: 5, Unknown: true, Message: "the answer was lost"}
	}
	id, err := s.RecordEntry(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func issuanceRows(t *testing.T, s *Store, quotation string) []JournalEntry {
	t.Helper()
	rows, err := s.History(context.Background(), JournalFilter{Provider: "ebao", Operation: "issuance", Key: quotation, Limit: -1, Ascending: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// An issuance whose answer was lost is the only record that a policy may
// have been issued. Pruning by age removed it with the rest, so the
// re-run the hint prints found nothing to settle and the act was in
// doubt with no trace. It stays until settled, with the row the settling
// reads to tell a repeat (an earlier issuance of the same quotation that
// went through); a settled one of the same age goes, as does an unknown
// quotation (no act).
func TestPruneKeepsActsInDoubtWhateverTheirAge(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	recordAct(t, s, now, "issuance", "Q-DOUBT", 200*day, true, "")
	recordAct(t, s, now, "issuance", "Q-SETTLED", 200*day, true, "")
	recordAct(t, s, now, "issuance", "Q-TWICE", 250*day, false, "")
	recordAct(t, s, now, "issuance", "Q-TWICE", 200*day, true, "")
	recordAct(t, s, now, "quotation", "Q-READ", 200*day, true, "")
	recordAct(t, s, now, "issuance", "Q-NEW", day, false, "")
	if n, err := s.Settle(ctx, Settlement{Profile: "sandbox", Provider: "ebao", Operation: "issuance", Key: "Q-SETTLED", Outcome: OutcomeOK, By: "look-up"}); err != nil || n != 1 {
		t.Fatalf("settling Q-SETTLED: %d %v", n, err)
	}

	res, err := s.PruneJournal(ctx, PruneOptions{Before: now.Add(-90 * day), InDoubt: issuanceActs})
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 2 || res.KeptUnsettled != 3 || res.Remaining != 4 {
		t.Fatalf("removed %d, kept in doubt %d, remaining %d; want 2 (Q-SETTLED, Q-READ), 3, 4", res.Removed, res.KeptUnsettled, res.Remaining)
	}
	if rows := issuanceRows(t, s, "Q-SETTLED"); len(rows) != 0 {
		t.Errorf("the settled issuance was kept: %+v", rows)
	}

	// The re-run the hint prints still settles the act in doubt.
	n, err := s.Settle(ctx, Settlement{Profile: "sandbox", Provider: "ebao", Operation: "issuance", Key: "Q-DOUBT", Outcome: OutcomeOK, By: "re-run"})
	if err != nil || n != 1 {
		t.Fatalf("settling Q-DOUBT after prune: %d unknown rows found (%v), want 1", n, err)
	}
	// A repeat of an issuance that went through is settled as having
	// done nothing, which needs the first issuance kept.
	if _, err := s.Settle(ctx, Settlement{Profile: "sandbox", Provider: "ebao", Operation: "issuance", Key: "Q-TWICE", Outcome: OutcomeOK, By: "re-run"}); err != nil {
		t.Fatal(err)
	}
	rows := issuanceRows(t, s, "Q-TWICE")
	if len(rows) != 2 || rows[1].Outcome != OutcomeFailed || rows[1].Settled == nil || !strings.Contains(rows[1].Settled.By, "done before it") {
		t.Fatalf("Q-TWICE rows after prune and settling: %+v; want the first issuance and the repeat settled failed (done before it)", rows)
	}

	// Settled now, it goes at the next prune.
	res, err = s.PruneJournal(ctx, PruneOptions{Before: now.Add(-90 * day), InDoubt: issuanceActs})
	if err != nil || res.Removed != 3 || res.KeptUnsettled != 0 || res.Remaining != 1 {
		t.Fatalf("second prune: %+v %v; want the three settled rows removed", res, err)
	}
}

// The size cap does not remove an act in doubt either, and counts the
// other entries: the newest that fit stay.
func TestPruneSizeCapKeepsActsInDoubt(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	big := strings.Repeat("x", 10000)
	recordAct(t, s, now, "issuance", "Q-DOUBT", 5*day, true, big)
	recordAct(t, s, now, "issuance", "Q-OLD", 4*day, false, big)
	recordAct(t, s, now, "issuance", "Q-NEW", day, false, big)
	res, err := s.PruneJournal(ctx, PruneOptions{MaxBytes: 15000, InDoubt: issuanceActs})
	if err != nil || res.Removed != 1 || res.KeptUnsettled != 1 || res.Remaining != 2 {
		t.Fatalf("%+v %v; want Q-OLD removed, Q-DOUBT kept in doubt, Q-NEW kept", res, err)
	}
	if len(issuanceRows(t, s, "Q-DOUBT")) != 1 || len(issuanceRows(t, s, "Q-NEW")) != 1 {
		t.Fatalf("kept %v", kept(t, s))
	}
}

// Without InDoubt every unknown row is kept: a caller that does not say
// which operations act loses none.
func TestPruneWithoutInDoubtKeepsEveryUnknownRow(t *testing.T) {
	s := open(t)
	now := time.Now()
	recordAct(t, s, now, "quotation", "Q-READ", 200*day, true, "")
	recordAct(t, s, now, "quotation", "Q-OK", 200*day, false, "")
	res, err := s.PruneJournal(context.Background(), PruneOptions{Before: now.Add(-90 * day)})
	if err != nil || res.Removed != 1 || res.KeptUnsettled != 1 {
		t.Fatalf("%+v %v", res, err)
	}
}

// A batch's resume entries (an act's in-flight entry, a line left
// unknown) are not the journal's to prune: --resume reads them to settle
// the line, however old.
func TestPruneLeavesBatchResumeEntries(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	s.SetClock(func() time.Time { return now.Add(-300 * day) })
	if err := s.PutBatchLine(ctx, "issue", "sandbox", "h1", BatchLine{Line: 1, Outcome: "in_flight", Sending: true}); err != nil {
		t.Fatal(err)
	}
	s.SetClock(time.Now)
	if _, err := s.PruneJournal(ctx, PruneOptions{Before: now.Add(-90 * day), MaxBytes: 1}); err != nil {
		t.Fatal(err)
	}
	if b, err := s.GetBatchLine(ctx, "issue", "sandbox", "h1"); err != nil || b == nil || b.Outcome != "in_flight" {
		t.Fatalf("the in-flight entry after prune: %+v %v", b, err)
	}
}

// The earlier attempt kept with an act in doubt is one named by the key
// its attempts share (the purchase's orderId), not any key the act
// carries: two other purchases of the same brand factory, bought fine,
// were kept, VINs and answers, for as long as the doubt lasted.
func TestPruneKeepsOnlyTheAttemptsOfTheActInDoubt(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	buy := func(order, vin string, unknown bool) int64 {
		e := httpx.Entry{Time: now.Add(-200 * day), Profile: "sandbox", Provider: "paoding", Operation: "report.buy",
			Keys: map[string]string{"orderId": order, "vin": vin, "brandFactoryId": "20"}, Method: "POST", URL: "http://x", Status: 200}
		if unknown {
			e.Status, e.Error = 0, "EOF"
			e.Verdict = &httpx.Verdict{ExitClass: 5, Unknown: true, Message: "the answer was lost"}
		}
		id, err := s.RecordEntry(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	buy("OK-1", "LSVAU2180N2183294", false)
	buy("OK-2", "LSVAU2180N2183402", false)
	first := buy("DOUBT", "LFV2A21K5N4199999", false)
	doubt := buy("DOUBT", "LFV2A21K5N4199999", true)
	acts := func(provider, operation string) bool { return operation == "report.buy" }
	keyOf := func(provider, operation string) string { return "orderId" }
	res, err := s.PruneJournal(ctx, PruneOptions{Before: now.Add(-90 * day), InDoubt: acts, SettleKey: keyOf})
	if err != nil {
		t.Fatal(err)
	}
	left, err := s.History(ctx, JournalFilter{Limit: -1, Ascending: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range left {
		ids = append(ids, e.ID)
	}
	if res.KeptUnsettled != 2 || len(ids) != 2 || ids[0] != first || ids[1] != doubt {
		t.Fatalf("kept %d, left %v; want the two attempts of DOUBT, %d and %d", res.KeptUnsettled, ids, first, doubt)
	}
}
