package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// Declining to overwrite an existing file asks for another path: the
// request used to be sent unsaved, so buying it meant typing the whole
// form again.
func TestInteractiveQuoteDecliningOverwriteAsksAnotherPath(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.json")
	if err := os.WriteFile(existing, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	e.Prompts.Answers = holderAnswers("")
	e.Prompts.Answers[PromptSave] = []string{existing, other}
	e.Prompts.Answers["Overwrite *"] = false
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "{}" {
		t.Errorf("the existing file was overwritten")
	}
	if b, err := os.ReadFile(other); err != nil || !strings.Contains(string(b), `"PH001": "Zhang San"`) {
		t.Fatalf("the request was not saved to the second path: %v %q", err, b)
	}
	if !strings.Contains(e.ErrOut.String(), "-f "+other+" --quote Q") {
		t.Errorf("the hint does not name the file saved: %q", e.ErrOut.String())
	}
}

// When the holder is the insured person, an answer that does not fit is
// listed once, under the holder the form asked about: the insured
// person's copy of it (policyInsuredPeople[0].ISP005 for a birth date
// the ID contradicts) named a person the form never showed.
func TestInteractiveFormListsAHoldersProblemOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a["Holder birth date (YYYY-MM-DD, empty: from the ID)"] = "1950-01-01" // the ID says 1949-12-31
	a[PromptCorrect] = false
	e.Prompts.Answers = a
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	stderr := e.ErrOut.String()
	if !strings.Contains(stderr, "(policyHolder.PH006): the birth date in the resident ID (1949-12-31) does not agree with PH003") {
		t.Errorf("the holder's problem is not listed:\n%s", stderr)
	}
	if strings.Contains(stderr, "policyInsuredPeople") || strings.Contains(err.Error(), "policyInsuredPeople") {
		t.Errorf("the same problem is listed again for the insured person:\n%s\n%v", stderr, err)
	}
	if sent := e.ReceivedPaths(); len(sent) != 0 {
		t.Errorf("sent %q", sent)
	}
}
