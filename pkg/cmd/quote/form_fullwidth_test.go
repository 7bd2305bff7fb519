package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A Chinese input method types digits, letters, the hyphen and the @
// full-width (２０２６－１１－２５): the form reads them as their ASCII
// forms, as the Sunshine form does, instead of refusing a date "must be
// YYYY-MM-DD (got "２０２６－１１－２５")" that looks right. The name is
// kept as typed.
func TestInteractiveFormReadsFullWidthDigitsAsASCII(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	path := filepath.Join(t.TempDir(), "built.json")
	a := holderAnswers(path)
	a[PromptEffective] = "２０２６－１１－２５"
	a[PromptTerm] = "６"
	a[PromptPlate] = "沪Ａ６Ｕ６１５"
	a["Holder name"] = "Ｚhang San"
	a["Holder resident ID number"] = "１１０１０５１９４９１２３１００２ｘ"
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = "１９４９－１２－３１"
	a["Holder mobile (optional)"] = "１３８００１３８０００\u3000"
	a["Holder e-mail (optional)"] = "zhang.san＠example.com"
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nrefused %q", err, e.Prompts.Refused)
	}
	if len(e.Prompts.Refused) != 0 {
		t.Fatalf("refused %q", e.Prompts.Refused)
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"effectiveDate": "2026-11-24T16:00:00.000Z"`, `"expiredDate": "2027-05-24T15:59:59.000Z"`,
		`"P041": "沪A6U615"`, `"PH001": "Ｚhang San"`, `"PH006": "11010519491231002X"`,
		`"PH003": "1949-12-31T00:00:00.000Z"`, `"PH013": "13800138000"`, `"PH015": "zhang.san@example.com"`,
	} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("saved request lacks %s:\n%s", want, saved)
		}
	}
}

// Answers that do not fit together are listed by the question that took
// them, and a birth date the resident ID contradicts says what to answer:
// the list named only policyInsuredPeople[0].ISP005 and ISP003, with no
// example, to a person who had typed "Insured birth date".
func TestInteractiveFormNamesDisagreeingAnswersByTheirQuestion(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a[PromptSame] = 1 // no
	a["Insured name"] = "Li Si"
	a["Insured resident ID number"] = "11010519491231002X"
	a["Insured birth date (YYYY-MM-DD, empty: from the ID)"] = "1950-01-01"
	a["Insured mobile (optional)"] = ""
	a["Insured e-mail (optional)"] = ""
	a[PromptCorrect] = false
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err == nil {
		t.Fatal("quoted answers that disagree")
	}
	want := "Insured resident ID number (policyInsuredPeople[0].ISP005): the birth date in the resident ID (1949-12-31) does not agree with ISP003" +
		" (for example an empty birth date, taken from the ID, or 1949-12-31, or correct the ID)"
	if !strings.Contains(e.ErrOut.String(), want) {
		t.Fatalf("want %q in:\n%s", want, e.ErrOut.String())
	}
}
