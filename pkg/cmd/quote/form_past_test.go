package quote

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A start before today (Beijing) is refused at its answer, as eBao would
// refuse the whole request after every other question; today is taken.
func TestInteractiveFormRefusesAStartInThePast(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow}) // 23 November 2026 in Beijing
	a := holderAnswers("")
	a[PromptEffective] = []string{"2026-11-22", "2026-11-23"}
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nrefused %q", err, e.Prompts.Refused)
	}
	if len(e.Prompts.Refused) != 1 || e.Prompts.Refused[0].Label != PromptEffective ||
		!strings.Contains(e.Prompts.Refused[0].Message, "cannot start in the past") ||
		!strings.Contains(e.Prompts.Refused[0].Message, "(for example 2026-11-24)") {
		t.Fatalf("refused %q", e.Prompts.Refused)
	}
	if !strings.Contains(e.Out.String(), "quotation number:") {
		t.Fatalf("not quoted: %q", e.Out.String())
	}
}
