package find

import (
	"strings"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/store"
)

// A step that failed is told as what was tried, not as what it would have
// done: "last step bought (paoding report.buy): failed" put "bought" first
// for a purchase refused for a low balance. The JSON keeps the step's own
// name (Step.Step).

// attempts name each step as what was tried.
var attempts = map[string]string{
	"quoted":            "quote",
	"issued":            "issue",
	"cancelled":         "cancel",
	"bought":            "buy",
	"report fetched":    "report fetch",
	"renewal looked up": "renewal look-up",
	"vehicle looked up": "vehicle look-up",
	"session started":   "session start",
	"package chosen":    "package choice",
	"underwritten":      "underwriting",
	"payment checked":   "payment check",
	"delivery changed":  "delivery change",
}

// toldStep is the step's name as the state line tells it: "buy attempt"
// when it failed, else the step. The table keeps the step, its outcome
// beside it ("cancelled  failed 5 (not sent)"): its column is fitted to
// an 80-column terminal, where wider words cost the keys their room.
func toldStep(s Step) string {
	if s.Outcome != store.OutcomeFailed {
		return s.Step
	}
	if a, ok := attempts[s.Step]; ok {
		return a + " attempt"
	}
	return s.Step + " attempt"
}

// notSent says whether no byte of s's request left the machine: a
// purchase says so by its settlement ("not sent"), any other step by the
// transport's message. Every operation's such step reads "(not sent)" in
// the table, a cancellation's as much as a purchase's: that the policy is
// still in force is what the reader needs.
func notSent(s Step) bool {
	if s.Settled != nil && s.Settled.By == "not sent" {
		return true
	}
	return historyshared.NotSent(s.Outcome, s.ExitClass, s.Message)
}

// endedNote is what the state line adds to the last step's outcome
// (settledBy): "(nothing was sent)" is left out when the provider's
// message after it says so already, so that it is said once.
func endedNote(s Step) string {
	if notSent(s) {
		if strings.Contains(s.Message, "nothing was sent") {
			return ""
		}
		return " (nothing was sent)"
	}
	return settledBy(s)
}
