package quote

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A quotation file whose policy starts before today in Beijing went out
// without a word, and eBao's "must not be in the past" did not say whose
// today: a user still on the day before (UTC-8 in the morning of Beijing's
// day) could not see why. stderr now warns before sending, naming the
// Beijing day, and the sandbox's refusal names it too.
func TestQuoteStartingInThePastIsWarnedAbout(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	raw, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	past := regexp.MustCompile(`"effectiveDate":\s*"[^"]*"`).ReplaceAll(raw, []byte(`"effectiveDate": "2020-01-16T00:00:00+08:00"`))
	file := filepath.Join(t.TempDir(), "past.json")
	if err := os.WriteFile(file, past, 0o600); err != nil {
		t.Fatal(err)
	}
	err = run(e, "--provider", "ebao", "-f", file)
	stderr := e.ErrOut.String()
	if !strings.Contains(stderr, "effectiveDate") || !strings.Contains(stderr, "in Beijing") || !strings.Contains(stderr, "2020-01-16") {
		t.Errorf("no warning:\n%s", stderr)
	}
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "in Beijing") {
		t.Errorf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
