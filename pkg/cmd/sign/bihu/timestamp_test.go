package bihu

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// Bihu takes unix seconds; a 13-digit millisecond timestamp is refused by
// the sandbox (416, 412) and by insure api (exit 2). Signing one would
// hand the user a SecCode for a request that cannot succeed, so sign
// refuses it too, naming the field, the rule and an example.
func TestSignRefusesMillisecondTimestamps(t *testing.T) {
	for _, args := range [][]string{
		{"login", "--timestamp", "1489044754000"},
		{"renew", "LicenseNo=京J97896", "CityCode=1", "Token=" + docToken, "TimeStamp=1489044754000"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "milliseconds") || !strings.Contains(err.Error(), "1489044754") {
			t.Errorf("%s: exit %d: %v", args[0], cmdutil.ExitCode(err), err)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%s: stdout %q", args[0], e.Out.String())
		}
	}
}
