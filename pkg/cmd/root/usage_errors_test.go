package root

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A flag value of the wrong type, an unknown flag and a missing argument
// each say what was wrong, what is expected and a good value, exit 2.
// They used to be pflag's and cobra's texts: `invalid argument "abc" for
// "--brand-factory" flag: strconv.ParseInt: parsing "abc": invalid
// syntax`, `accepts 1 arg(s), received 0`.
func TestUsageErrorsNameTheRuleAndAnExample(t *testing.T) {
	cases := []struct {
		args          []string
		message, hint string
	}{
		{[]string{"vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "abc"},
			`--brand-factory "abc": not a whole number`, "for example --brand-factory 20"},
		{[]string{"quote", "--provider", "ebao", "--timeout", "soon"},
			`--timeout "soon": not a duration`, "for example --timeout 30s"},
		{[]string{"vin-report", "brands", "--verbos"}, "unknown flag: --verbos", "did you mean --verbose?"},
		{[]string{"find"}, "insure find: KEY missing (usage: insure find KEY", "for example: insure find P"},
		{[]string{"cancel", "--provider", "ebao"}, "insure cancel: POLICY_NUMBER missing", "for example: insure -p sandbox cancel --provider ebao P"},
		{[]string{"vin-report", "get"}, "insure vin-report get: ORDER_ID missing (usage:", "for example: insure -p sandbox vin-report get "},
		{[]string{"api", "paoding"}, "insure api: OPERATION missing (usage:", "for example: insure -p sandbox api paoding"},
		{[]string{"vin-report", "buy", "--brand-factory", "99999999999999999999"}, `--brand-factory "99999999999999999999": out of range`, "for example --brand-factory 20"},
	}
	for _, c := range cases {
		e := cmdtest.New(t, cmdtest.Options{})
		err := execRoot(e, c.args...)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
			t.Errorf("%v: exit %d: %v", c.args, cmdutil.ExitCode(err), err)
			continue
		}
		if !strings.Contains(fe.Message, c.message) || !strings.Contains(fe.Hint, c.hint) {
			t.Errorf("%v:\n message %q\n hint    %q\nwant %q and %q", c.args, fe.Message, fe.Hint, c.message, c.hint)
		}
	}
}

// Without --provider, the hint is a whole command from the command's own
// examples; "insure -p sandbox quote --provider ebao" alone was a second
// usage error.
func TestMissingProviderHintIsAWholeCommand(t *testing.T) {
	for cmd, want := range map[string]string{
		"quote": "for example: insure -p sandbox quote --provider ebao -f quote.json",
		"issue": "for example: insure -p sandbox issue --provider ebao -f quote.json --quote ",
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := execRoot(e, cmd)
		fe := &failure.Error{}
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, want) {
			t.Errorf("%s: exit %d, %v (hint %q)", cmd, cmdutil.ExitCode(err), err, fe.Hint)
		}
	}
}
