package quote

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// colour is a colour sequence; erased is the sequence that clears
// the rows above the cursor, with their number.
var (
	colour = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	erased = regexp.MustCompile(`\x1b\[([0-9]+)F\x1b\[J`)
)

// After "Correct the answers? Yes" the list of answers that did not fit
// together stayed on the terminal through the second round and under the
// quote, as if the corrected answers did not fit either. Once the answers
// have been asked again it is erased, every row of it, a line wider than
// the terminal taking the rows it wraps to.
func TestComplaintIsErasedOnceTheAnswersAreAskedAgain(t *testing.T) {
	for _, columns := range []int{400, 50} {
		t.Run(fmt.Sprint(columns, " columns"), func(t *testing.T) {
			t.Setenv("COLUMNS", fmt.Sprint(columns))
			e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
			a := holderAnswers("")
			a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = []string{"1950-01-01", "1949-12-31"}
			a[PromptCorrect] = true
			e.Prompts.Answers = a
			if err := run(e, "--provider", "ebao"); err != nil {
				t.Fatalf("%v\nstderr: %s", err, e.ErrOut.String())
			}
			stderr := colour.ReplaceAllString(e.ErrOut.String(), "")
			start := strings.Index(stderr, "✗ The answers do not fit together:")
			at := erased.FindStringSubmatchIndex(stderr)
			if start < 0 || at == nil || at[0] < start || !strings.Contains(stderr[at[1]:], "Quoted") {
				t.Fatalf("the complaint is not erased before the quote:\n%q", stderr)
			}
			// The rows written: each line, wrapped at the terminal's width.
			want := 0
			for _, line := range strings.Split(strings.TrimSuffix(stderr[start:at[0]], "\n"), "\n") {
				want += max(1, (len([]rune(line))+columns-1)/columns)
			}
			if got := stderr[at[2]:at[3]]; got != fmt.Sprint(want) {
				t.Errorf("erased %s rows, want the %d rows of the complaint:\n%s", got, want, stderr[:at[0]])
			}
		})
	}
}

// Off a terminal nothing is erased: the complaint is part of the log.
func TestComplaintStaysWhenStderrIsNoTerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	e.F.IOStreams.SetStderrTTY(false)
	a := holderAnswers("")
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = []string{"1950-01-01", "1949-12-31"}
	a[PromptCorrect] = true
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nstderr: %s", err, e.ErrOut.String())
	}
	if s := e.ErrOut.String(); !strings.Contains(s, "do not fit together") || strings.Contains(s, "\x1b[") {
		t.Errorf("stderr:\n%q", s)
	}
}

// With every coverage unticked, "Correct the answers? Yes" asked the
// whole form again from its first page, for the one answer on its last.
// Only the coverages are asked again; every other answer is kept.
func TestOnlyTheCoveragesAreAskedAgainWhenNoneWasTicked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a[PromptCoverages] = [][]int{{}, {1}} // none, then ACC_DEATH
	a[PromptCorrect] = true
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nstderr: %s", err, e.ErrOut.String())
	}
	if n := len(e.Prompts.Forms); n != 1 {
		t.Errorf("the form was asked %d times, want once", n)
	}
	if n := len(e.Prompts.MultiDefaults); n != 2 {
		t.Errorf("the coverages were asked %d times, want twice", n)
	}
	if !strings.Contains(e.ErrOut.String(), "select at least one coverage") || len(e.ReceivedPaths()) != 1 {
		t.Fatalf("sent %q\nstderr: %s", e.ReceivedPaths(), e.ErrOut.String())
	}
}
