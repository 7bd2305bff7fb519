package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/store"
)

// An answers file with its values unquoted: YAML reads 0184321 and a date
// as a number and a timestamp, and the platform got 184321 (the engine
// number's zero lost) and 2020-05-06T00:00:00Z. Values are sent as
// written; true and false as 1 and 0.
func TestSunshineAnswersFileValuesAreSentAsWritten(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	answers := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(answers, []byte(`vehicleFrameNo: LSVAM4187C2184321
engineNo: 0184321
vehicleId: XDAAMD0068
firstRegisterDate: 2020-05-06
seats: 5
specialCarFlag: false
ownerIdNo: 440106198001011230
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := runSunshineQuote(e, append(newArgs, "-f", answers)...); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	var sent strings.Builder
	err := e.Store.EachHistory(t.Context(), store.JournalFilter{Provider: "sunshine", Operation: "txn.105", Limit: -1}, true, func(j *store.JournalEntry) error {
		sent.WriteString(j.Request)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<input name="engineNo">0184321</input>`,
		`<input name="firstRegisterDate">2020-05-06</input>`,
		`<input name="seats">5</input>`,
		`<input name="specialCarFlag">0</input>`,
	} {
		if !strings.Contains(sent.String(), want) {
			t.Errorf("105 was sent without %s:\n%s", want, sent.String())
		}
	}
}
