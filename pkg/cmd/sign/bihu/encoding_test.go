package bihu

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A value typed in a terminal set to GBK ("京" as BE A9) is exit 2 naming
// the parameter: its SecCode was computed over bytes Bihu never receives
// (insure api sends U+FFFD in their place), so it matched nothing.
func TestRenewValueNotUTF8IsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "renew", "LicenseNo=\xbe\xa9J97896", "CityCode=1", "TimeStamp="+docTime, "Token="+docToken)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	if got := strings.Join(fieldNames(err), ","); got != "LicenseNo" || !strings.Contains(err.Error(), "not UTF-8") || !strings.Contains(err.Error(), "LicenseNo=京J97896") {
		t.Errorf("fields %q: %v", got, err)
	}
	if e.Out.Len() != 0 {
		t.Errorf("printed %q", e.Out)
	}
}
