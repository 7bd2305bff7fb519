package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/ebao"
)

// A fixed clock: 23 November 2026, 10:00 in Beijing.
func fixedNow() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }

func holderAnswers(save string) map[string]any {
	return map[string]any{
		PromptProduct:               "", // profile default
		PromptEffective:             "", // tomorrow
		PromptTerm:                  "",
		"Holder name":               "Zhang San",
		"Holder resident ID number": "11010519491231002x",
		"Holder birth date (YYYY-MM-DD, empty: from the ID)": "", // derived from the ID
		"Holder mobile (optional)":                           "13800138000",
		"Holder e-mail (optional)":                           "zhang.san@example.com",
		PromptSame:                                           0, // yes
		PromptPlate:                                          "沪A6U615",
		PromptCoverages:                                      []int{0, 1}, // ACC_BUR_WEB, ACC_DEATH: 6 + 12
		PromptSave:                                           save,
	}
}

func TestInteractiveQuoteBuildsValidatesSavesAndSends(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	path := filepath.Join(t.TempDir(), "built.json")
	e.Prompts.Answers = holderAnswers(path)
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nasked %q", err, e.Prompts.Asked)
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ebao.ValidateQuotation(saved); err != nil {
		t.Fatalf("saved request does not validate: %v", err)
	}
	for _, want := range []string{
		`"channelCode": "AXA_TP"`, `"productId": "UbwoOpjMjt:1"`,
		// Tomorrow 00:00 in Beijing to the last second before a year later.
		`"effectiveDate": "2026-11-23T16:00:00.000Z"`, `"expiredDate": "2027-11-23T15:59:59.000Z"`,
		`"PH003": "1949-12-31T00:00:00.000Z"`, `"PH006": "11010519491231002X"`, `"ISP001": "Zhang San"`,
		`"P041": "沪A6U615"`, `"ACC_DEATH": true`, `"ACC_DIS": false`, `"Veh_Owner_Guard": true`,
	} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("saved request lacks %s:\n%s", want, saved)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("saved with mode %v; it holds personal data", fi.Mode().Perm())
	}
	if !strings.Contains(e.Out.String(), "premium payable (APP):           18") {
		t.Fatalf("table: %s", e.Out.String())
	}
	if !strings.Contains(e.ErrOut.String(), "-f "+path+" --quote Q") {
		t.Fatalf("next step does not name the saved file: %q", e.ErrOut.String())
	}
}

func TestInteractiveQuoteWithAnotherInsuredAndNoSave(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a[PromptSame] = 1 // no
	a["Insured name"] = "Li Si"
	a["Insured resident ID number"] = "11010519491231002X"
	a["Insured birth date (YYYY-MM-DD, empty: from the ID)"] = ""
	a["Insured mobile (optional)"] = ""
	a["Insured e-mail (optional)"] = ""
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao", "--set", "insuredObjects.0.plan_code=Plan_2"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "premium payable (APP):           36") {
		t.Fatalf("table: %s", e.Out.String())
	}
}

// Each answer is checked as it is typed, with the rule the -f path
// applies: a refused answer is not taken, its message names the rule and
// an example of a good value, and the corrected answer goes on.
func TestInteractiveFormChecksEachAnswerAsTyped(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a[PromptEffective] = []string{"2026-02-30", "2026-12-01"}
	a[PromptTerm] = []string{"24", "6"}
	a[PromptPlate] = []string{"沪A6U6", "沪A6U615"}
	a["Holder name"] = []string{" ", "Zhang San"}
	a["Holder resident ID number"] = []string{"110105194912310021", "11010519491231002x"}
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = []string{"1949-13-31", ""}
	a["Holder mobile (optional)"] = []string{"1380013800", "13800138000"}
	a["Holder e-mail (optional)"] = []string{"zhang", "zhang.san@example.com"}
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nrefused %q", err, e.Prompts.Refused)
	}
	want := map[string][]string{
		PromptEffective:             {`must be a date YYYY-MM-DD (got "2026-02-30")`, "(for example " + time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, 1).Format("2006-01-02") + ")"},
		PromptTerm:                  {`the term must be a number of months 1-12 (got "24")`, "(for example 12)"},
		PromptPlate:                 {"a plate is a province character, a letter and 5 letters or digits", "(for example 京A12345)"},
		"Holder name":               {"a name is required", "(for example Zhang San)"},
		"Holder resident ID number": {"the check character of a resident ID does not match (GB 11643 gives X", "(for example 11010519491231002X)"},
		"Holder birth date (YYYY-MM-DD, empty: from the ID)": {`must be a date YYYY-MM-DD (got "1949-13-31")`, "(for example 1990-01-01)"},
		"Holder mobile (optional)":                           {"a mobile number is 11 digits starting 13-19", "(for example 13800138000)"},
		"Holder e-mail (optional)":                           {"an e-mail address looks like name@domain.tld", "(for example zhang.san@example.com)"},
	}
	if len(e.Prompts.Refused) != len(want) {
		t.Errorf("refused %d answers, want %d: %q", len(e.Prompts.Refused), len(want), e.Prompts.Refused)
	}
	for _, r := range e.Prompts.Refused {
		for _, w := range want[r.Label] {
			if !strings.Contains(r.Message, w) {
				t.Errorf("%s: %q refused with %q, want it to say %q", r.Label, r.Value, r.Message, w)
			}
		}
		delete(want, r.Label)
	}
	for label := range want {
		t.Errorf("%s: the bad answer was taken", label)
	}
	// Good answers, including the optional ones left empty, pass.
	for _, q := range e.Prompts.Forms[0] {
		if q.Validate == nil && len(q.Options) == 0 {
			t.Errorf("%s has no check", q.Label)
		}
	}
	for _, q := range e.Prompts.Forms[0] {
		if q.Validate != nil && strings.Contains(q.Label, "optional") {
			if err := q.Validate(""); err != nil {
				t.Errorf("%s refuses an empty answer: %v", q.Label, err)
			}
		}
	}
	if !strings.Contains(e.Out.String(), "premium payable (APP):") {
		t.Fatalf("not quoted: %s", e.Out.String())
	}
}

// Answers that each pass but disagree (a birth date the ID contradicts; no
// coverage) are listed together, and the form is asked again pre-filled
// with every previous answer, not empty.
func TestInteractiveFormKeepsAnswersWhenTheyDisagree(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	// Typed once: the second round takes what is pre-filled.
	for _, k := range []string{PromptProduct, PromptEffective, PromptTerm, PromptPlate, "Holder name", "Holder resident ID number", "Holder mobile (optional)", "Holder e-mail (optional)"} {
		if v, _ := a[k].(string); v != "" {
			a[k] = []string{v}
		} else {
			a[k] = []string{}
		}
	}
	a[PromptEffective] = []string{"2026-12-01"}
	a[PromptTerm] = []string{"6"}
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = []string{"1950-01-01", "1949-12-31"}
	a[PromptCoverages] = [][]int{{}, {1}} // none, then ACC_DEATH
	a[PromptCorrect] = true
	e.Prompts.Answers = a
	err := run(e, "--provider", "ebao")
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, e.ErrOut.String())
	}
	for _, w := range []string{
		"The answers do not fit together:",
		"Holder resident ID number (policyHolder.PH006): the birth date in the resident ID (1949-12-31) does not agree with PH003",
		"Coverages (insuredObjects[0].componentSelection): select at least one coverage",
	} {
		if !strings.Contains(e.ErrOut.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, e.ErrOut.String())
		}
	}
	if len(e.Prompts.Forms) != 2 {
		t.Fatalf("%d forms, want the form and one correction", len(e.Prompts.Forms))
	}
	defaults := map[string]string{}
	for _, q := range e.Prompts.Forms[1] {
		defaults[q.Label] = q.Default
	}
	for label, want := range map[string]string{
		PromptProduct: "UbwoOpjMjt:1", PromptEffective: "2026-12-01", PromptTerm: "6", PromptPlate: "沪A6U615",
		"Holder name": "Zhang San", "Holder resident ID number": "11010519491231002x",
		"Holder birth date (YYYY-MM-DD, empty: from the ID)": "1950-01-01",
		"Holder mobile (optional)":                           "13800138000", "Holder e-mail (optional)": "zhang.san@example.com", PromptSame: "yes",
	} {
		if defaults[label] != want {
			t.Errorf("asked again %q pre-filled with %q, want the previous answer %q", label, defaults[label], want)
		}
	}
	if md := e.Prompts.MultiDefaults; len(md) != 2 || len(md[1]) != 0 {
		t.Errorf("coverages offered %q; the second round keeps the first round's (none)", md)
	}
	sent := e.ReceivedPaths()
	if len(sent) != 1 {
		t.Fatalf("sent %q, want one quotation", sent)
	}
	if !strings.Contains(e.Out.String(), "premium payable (APP):") {
		t.Fatalf("not quoted: %s", e.Out.String())
	}
}

// Declining to correct stops with every problem listed (exit 2), nothing
// sent and nothing offered to save.
func TestInteractiveFormNotCorrectedSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = "1950-01-01"
	a[PromptCoverages] = []int{}
	a[PromptCorrect] = false
	e.Prompts.Answers = a
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, f := range []string{"nothing was sent", "policyHolder.PH006:", "insuredObjects[0].componentSelection:"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error does not name %s: %v", f, err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatal("sent a request")
	}
	for _, p := range e.Prompts.Asked {
		if p == PromptSave {
			t.Fatal("offered to save an invalid request")
		}
	}
}

// The next step after an interactive quote names only a file that was
// saved: none when the request was not saved (or saving was declined).
func TestInteractiveQuoteHintNamesOnlyASavedFile(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.json")
	if err := os.WriteFile(existing, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		save      string
		overwrite bool
	}{
		"not saved":          {save: ""},
		"overwrite declined": {save: existing, overwrite: false},
	} {
		t.Run(name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
			e.Prompts.Answers = holderAnswers(c.save)
			e.Prompts.Answers["Overwrite *"] = c.overwrite
			if err := run(e, "--provider", "ebao"); err != nil {
				t.Fatal(err)
			}
			stderr := e.ErrOut.String()
			if strings.Contains(stderr, "-f ") || strings.Contains(stderr, "FILE") {
				t.Errorf("the hint names a file that was not saved: %q", stderr)
			}
			if !strings.Contains(stderr, "The request was not saved") {
				t.Errorf("the hint does not say the request was not saved: %q", stderr)
			}
			if b, _ := os.ReadFile(existing); string(b) != "{}" {
				t.Errorf("the existing file was overwritten")
			}
		})
	}

	// A request saved under the name "-" is named as a file, not stdin.
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	t.Chdir(dir)
	e.Prompts.Answers = holderAnswers("-")
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), "-f ./- --quote Q") {
		t.Errorf("hint: %q", e.ErrOut.String())
	}
}
