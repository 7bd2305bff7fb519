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

func TestInteractiveAnswersAreValidatedTogether(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a[PromptEffective] = "2026-02-30"
	a[PromptTerm] = "24"
	a["Holder resident ID number"] = "110105194912310021"
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = "1950-01-01"
	a["Holder e-mail (optional)"] = "zhang"
	a[PromptCoverages] = []int{}
	e.Prompts.Answers = a
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, f := range []string{"effectiveDate:", "expiredDate:", "policyHolder.PH006:", "policyHolder.PH015:", "insuredObjects[0].componentSelection:"} {
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
