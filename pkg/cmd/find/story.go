package find

import (
	"fmt"
	"maps"
	"strings"
	"time"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
)

// How the journal rows of one key become a story: each step's name, the
// state the story ends in, which rows belong to it, and their cells.

// stepName says what an operation is in the story.
func stepName(provider, op string) string {
	switch provider + " " + op {
	case "ebao quotation", "sunshine txn.105", "sunshine txn.110":
		return "quoted"
	case "ebao issuance", "sunshine txn.130":
		return "issued"
	case "ebao cancellation":
		return "cancelled"
	case "paoding report.buy":
		return "bought"
	case "paoding report.get":
		return "report fetched"
	case "bihu renewal":
		return "renewal looked up"
	case "sunshine txn.095":
		return "vehicle looked up"
	case "sunshine txn.100":
		return "session started"
	case "sunshine txn.115":
		return "package chosen"
	case "sunshine txn.120":
		return "underwritten"
	case "sunshine txn.125":
		return "payment checked"
	case "sunshine txn.135":
		return "delivery changed"
	}
	return op
}

// subjects, most telling first: what the story is about.
var subjects = []struct{ key, noun string }{
	{"policyNumber", "policy"}, {"policyNo", "policy"}, {"proposalNo", "proposal"},
	// A Sunshine session before its orders: the session is the purchase,
	// its TB order numbers (one per sub-order) only parts of it.
	{"quotationNumber", "quotation"}, {"sessionId", "session"}, {"orderId", "order"},
	{"plate", "car"}, {"vin", "car"},
}

// naming names a subject: "policy P1", or for a key holding several (a
// Sunshine purchase's commercial and compulsory policies, journalled as
// "P1,P2") "policies P1 and P2".
func naming(noun, value string) string {
	var vals []string
	for _, v := range strings.Split(value, ",") {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 {
		return noun + " " + value
	}
	plural := noun + "s"
	if strings.HasSuffix(noun, "y") {
		plural = strings.TrimSuffix(noun, "y") + "ies"
	}
	return plural + " " + strings.Join(vals[:len(vals)-1], ", ") + " and " + vals[len(vals)-1]
}

// state is the story's current state: its subject and its milestones,
// each at the latest time it was reached,
// "policy P… issued 2026-11-30 18:02 (CST), cancelled 18:10", and the
// last step's outcome when it did not go through.
//
// An act whose outcome is unknown (the subject's own before its last
// step, or outside the story: a later policy's issuance cut off) is
// named after it: it is what support must settle first, and the subject
// alone would hide it.
func state(steps []Step, acts func(provider, operation string) bool) string {
	// The subject is the newest of its kind: the one first seen last. A
	// car's older policy cancelled (or cancelled again, refused) after
	// the newer one was issued is mentioned last, but is not the newest.
	// Identifiers only a step of unknown outcome carries are not what the
	// story is of while another names it: an untrusted Sunshine 130
	// answer's policy numbers made the state begin "policies P…" for a
	// purchase whose issue was in doubt.
	// Nor does a step that did not go through name it by a number that a
	// step that did carries under another name (namesAnother): a failed
	// `vin-report get` of the platform's order number named the order so.
	subject, subjectKey, subjectValue := "", "", ""
	for _, pass := range []struct{ trustedOnly, crossKind bool }{{true, false}, {false, false}, {false, true}} {
		for _, s := range subjects {
			seen := map[string]bool{}
			for _, st := range steps {
				if pass.trustedOnly && st.Outcome == store.OutcomeUnknown {
					continue
				}
				v := st.Keys[s.key]
				if v != "" && !pass.crossKind && st.Outcome != store.OutcomeOK && namesAnother(steps, s.key, v) {
					continue
				}
				if v != "" && !seen[v] {
					seen[v] = true
					subject, subjectKey, subjectValue = naming(s.noun, v), s.key, v
				}
			}
			if subject != "" {
				break
			}
		}
		if subject != "" {
			break
		}
	}
	// The milestones are the subject's own: a car's newest policy must
	// not borrow an older policy's issue and cancellation.
	own := related(steps, subjectKey, subjectValue)
	// A milestone reached more than once (a renewal looked up again, a
	// report fetched again) is told at its latest time: support is asked
	// about the most recent one, and "looked up 11:23" read as "not since"
	// for a car looked up again at 11:30. Every quote stays: each is a
	// price of its own.
	latest := map[string]int{}
	// A look-up milestone whose latest attempt did not go through is not
	// told: "report fetched" from a poll that found the report still
	// generating, beside the later answer that it failed (status 3),
	// read as a report in hand. An act's stays: a refused repeat does not
	// undo an issue or a cancellation.
	failedLookUp := map[string]bool{}
	for i, s := range steps {
		if !own[i] || !milestone(s.Step) {
			continue
		}
		if s.Outcome == store.OutcomeOK {
			latest[s.Step] = i
		}
		if acts == nil || !acts(s.Provider, s.Operation) {
			failedLookUp[s.Step] = s.Outcome != store.OutcomeOK
		}
	}
	var parts []string
	var prev time.Time
	for i, s := range steps {
		if !own[i] || s.Outcome != store.OutcomeOK || !milestone(s.Step) {
			continue
		}
		if latest[s.Step] != i && s.Step != "quoted" || failedLookUp[s.Step] && s.Step != "quoted" {
			continue
		}
		t := s.Time.In(output.Zone())
		when := t.Format("2006-01-02 15:04 (MST)")
		if !prev.IsZero() && sameDay(prev, t) {
			when = t.Format("15:04")
		}
		prev = t
		step := s.Step
		if subjectKey == "sessionId" {
			// "session S started", not "session S session started".
			step = strings.TrimPrefix(step, "session ")
		}
		parts = append(parts, step+settledBy(s)+" "+when)
	}
	out := subject
	if len(parts) > 0 {
		out += " " + strings.Join(parts, ", ")
	}
	// The last step is the subject's own too: an older policy's refused
	// cancellation is not the newest policy's.
	lastOwn := len(steps) - 1
	for lastOwn > 0 && !own[lastOwn] {
		lastOwn--
	}
	if l := steps[lastOwn]; l.Outcome != store.OutcomeOK {
		ended := fmt.Sprintf("%s%s, exit %d", l.Outcome, endedNote(l), l.ExitClass)
		if in, ok := interruption(l); ok {
			// The command exited 130, 143 or 129, not the journal's class.
			ended = in.Outcome(l.Outcome)
		}
		out += fmt.Sprintf("; last step %s (%s %s): %s", toldStep(l), l.Provider, l.Operation, ended)
		if l.Code != "" {
			out += " [" + l.Code + "]"
		}
		if l.Message != "" {
			out += ": " + failure.OneLine(l.Message)
		}
	}
	// Every act still in doubt but the last step (named above): the
	// subject's own as well, since look-ups after a purchase whose answer
	// was lost would otherwise leave "report fetched: failed" as all
	// there is to say, and the agent would tell the customer "not bought".
	var unknown []Step
	for i, s := range steps {
		if i == lastOwn || s.Outcome != store.OutcomeUnknown || acts == nil || !acts(s.Provider, s.Operation) {
			continue
		}
		if sentAgainLater(steps, i) {
			// One act sent again (a retried send, or the settle command
			// run): the later step speaks for it, and counting each send
			// told support of acts that were never made.
			continue
		}
		unknown = append(unknown, s)
	}
	if n := len(unknown); n > 0 {
		u := unknown[n-1]
		out += fmt.Sprintf("; outcome unknown: %s (%s %s, id %d) %s", u.Step, u.Provider, u.Operation, u.ID,
			u.Time.In(output.Zone()).Format("2006-01-02 15:04 (MST)"))
		if n > 1 {
			out += fmt.Sprintf(", and %d earlier unknown act(s)", n-1)
		}
	}
	return strings.TrimSpace(out)
}

// sentAgainLater says whether a step after steps[i] is the same request:
// the same provider, operation and keys.
func sentAgainLater(steps []Step, i int) bool {
	for _, later := range steps[i+1:] {
		if later.Provider == steps[i].Provider && later.Operation == steps[i].Operation && maps.Equal(later.Keys, steps[i].Keys) {
			return true
		}
	}
	return false
}

// outcomeCell is a step's outcome with its exit class when it did not go
// through, "failed 4", or with the command's exit and what cut it short,
// "unknown 143, interrupted (SIGTERM)", and how it was settled when that
// was learnt later: "ok (re-run)".
func outcomeCell(s Step) string {
	in, interrupted := interruption(s)
	by := ""
	if s.Settled != nil {
		by = s.Settled.By
	}
	return historyshared.OutcomeCell(s.Outcome, s.ExitClass, in, interrupted, by, notSent(s), s.Probe != "")
}

// settledBy is what the state line adds to a step settled after it was
// recorded: " (settled by the re-run)", " (settled by the look-up)", or
// for a request that never left, " (nothing was sent)".
func settledBy(s Step) string {
	switch {
	case s.Settled == nil || s.Settled.By == "":
		return ""
	case s.Settled.By == "not sent":
		return " (nothing was sent)"
	case s.Settled.By == "sent again":
		// Sunshine's lost request, sent again byte for byte.
		return " (settled by sending it again)"
	}
	return " (settled by the " + s.Settled.By + ")"
}

func milestone(step string) bool {
	switch step {
	case "quoted", "issued", "cancelled", "bought", "report fetched", "renewal looked up", "session started", "underwritten":
		return true
	}
	return false
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
