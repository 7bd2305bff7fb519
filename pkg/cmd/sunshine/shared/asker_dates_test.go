package shared

import (
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// Dates are checked as they are typed against the flow's day (here 2
// March 2026 in Beijing): a start date in the past and a registration
// date in the future are refused in their field, with the rule and a date
// that fits, and corrected there. Both were taken as typed and only the
// platform refused them, after the whole form.
func TestTypedDatesAreCheckedAgainstTheDay(t *testing.T) {
	now := time.Date(2026, 3, 2, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))
	for _, tc := range []struct {
		key, label, bad, good, rule, example string
	}{
		{"bizBeginDate", "商业险起保日期", "2026-03-01", "2026-03-03", "in the past", "2026-03-03"},
		{"forceBeginDate", "交强险起保日期", "2025-11-01", "2026-03-05", "in the past", "2026-03-03"},
		{"firstRegisterDate", "注册登记日期", "2026-03-03", "2026-03-02", "in the future", "2026-03-02"},
	} {
		c := control("deadline", "date", tc.key, tc.label)
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		e.Prompts.Answers = map[string]any{tc.label + " (" + tc.key + ") [yyyy-mm-dd]": []string{tc.bad, tc.good}}
		a := &TerminalAsker{Prompter: e.Prompts, IO: e.F.IOStreams}
		got, err := a.Ask(t.Context(), purchase.Questions{Transaction: sunshine.TxnRequote, Controls: []purchase.Control{c},
			Current: map[string]string{}, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", tc.key, err)
		}
		if got["deadline."+tc.key] != tc.good {
			t.Errorf("%s: answers %v", tc.key, got)
		}
		p := e.Prompts
		if len(p.Refused) != 1 || p.Refused[0].Value != tc.bad || !strings.Contains(p.Refused[0].Message, tc.rule) ||
			!strings.Contains(p.Refused[0].Message, "for example "+tc.example) {
			t.Errorf("%s: refused %+v", tc.key, p.Refused)
		}
	}
}
