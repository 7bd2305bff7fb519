package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// eBao's one rule for a resident ID is a real date at characters 7-14. A
// real date before 1900 or in the future keeps it: -f sends such an ID
// with a warning, and the form takes it as typed and sends it with the
// same warning, never calling the date "not a real date". The request the
// form saved is then sent by -f alike.
func TestInteractiveFormSendsAResidentIDDateOutsideBirthRangeAsAFileDoes(t *testing.T) {
	for name, c := range map[string]struct {
		who, id, field, date, birth string
	}{
		// The birth date left empty is taken from the ID.
		"holder born 1800": {who: "Holder", id: "132456180001011234", field: "policyHolder.PH006", date: "1800-01-01", birth: `"PH003": "1800-01-01T00:00:00.000Z"`},
		// A date in the future is no birth date: none is taken.
		"insured born 2099": {who: "Insured", id: "132456209901011236", field: "policyInsuredPeople[0].ISP005", date: "2099-01-01", birth: `"ISP005": "132456209901011236"`},
	} {
		t.Run(name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
			path := filepath.Join(t.TempDir(), "quote.json")
			a := holderAnswers(path)
			if c.who == "Insured" {
				a[PromptSame] = 1 // no
				a["Insured name"] = "Li Si"
				a["Insured birth date (YYYY-MM-DD, empty: from the ID)"] = ""
				a["Insured mobile (optional)"] = ""
				a["Insured e-mail (optional)"] = ""
			}
			a[c.who+" resident ID number"] = c.id
			e.Prompts.Answers = a
			if err := run(e, "--provider", "ebao"); err != nil {
				t.Fatalf("%v\nrefused %q\nstderr: %s", err, e.Prompts.Refused, e.ErrOut.String())
			}
			if len(e.Prompts.Refused) != 0 {
				t.Errorf("refused %q", e.Prompts.Refused)
			}
			for _, p := range e.Prompts.Asked {
				if p == PromptCorrect {
					t.Errorf("asked to correct the answers")
				}
			}
			warning := c.field + ": the birth date in the resident ID (" + c.date + ") is before 1900 or in the future"
			stderr := e.ErrOut.String()
			if !strings.Contains(stderr, warning) || strings.Contains(stderr, "not a real date") || strings.Contains(stderr, "do not fit together") {
				t.Errorf("stderr lacks the warning %q:\n%s", warning, stderr)
			}
			if !strings.Contains(e.Out.String(), "premium payable (APP):") || len(e.ReceivedPaths()) != 1 {
				t.Fatalf("not quoted (sent %q): %s", e.ReceivedPaths(), e.Out.String())
			}
			saved, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(saved), `"`+c.id+`"`) || !strings.Contains(string(saved), c.birth) {
				t.Errorf("saved request lacks %s or %s:\n%s", c.id, c.birth, saved)
			}
			if c.who == "Insured" && strings.Contains(string(saved), `"ISP003"`) {
				t.Errorf("a birth date in the future was taken from the ID:\n%s", saved)
			}

			f := cmdtest.New(t, cmdtest.Options{Now: fixedNow})
			if err := run(f, "--provider", "ebao", "-f", path); err != nil {
				t.Fatalf("-f refused what the form sent: %v", err)
			}
			if !strings.Contains(f.ErrOut.String(), warning) {
				t.Errorf("-f stderr lacks %q:\n%s", warning, f.ErrOut.String())
			}
		})
	}
}

// What is no date at characters 7-14 stays refused as the answer is
// typed, and says so; a real date is never called "not a real date".
func TestInteractiveFormResidentIDDateMessages(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true, Now: fixedNow})
	a := holderAnswers("")
	a["Holder resident ID number"] = []string{"132456199002301234", "13245600000101123X", "132456180001011234"}
	e.Prompts.Answers = a
	if err := run(e, "--provider", "ebao"); err != nil {
		t.Fatalf("%v\nrefused %q", err, e.Prompts.Refused)
	}
	var got []string
	for _, r := range e.Prompts.Refused {
		got = append(got, r.Value+": "+r.Message)
	}
	want := []string{
		"132456199002301234: characters 7-14 of a resident ID are the birth date YYYYMMDD (19900230 is not a real date) (for example 11010519491231002X)",
		"13245600000101123X: characters 7-14 of a resident ID are the birth date YYYYMMDD (00000101 is not a real date) (for example 11010519491231002X)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("refused:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
