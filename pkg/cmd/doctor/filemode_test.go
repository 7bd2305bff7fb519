package doctor_test

import (
	"os"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// doctor words a config file's mode as the load warning does: 0640 is
// readable by its group, not "by others".
func TestConfigModeNamesWhoCanReadIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := e.Config.Save(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(e.Config.Path, 0o640); err != nil {
		t.Fatal(err)
	}
	err := run(e, "--provider", "ebao")
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	_, checks := reportOf(t, e.Out.Bytes())
	c := checks["config file"]
	if c.Status != "fail" || !strings.Contains(c.Detail, "readable by its group (mode 0640)") || strings.Contains(c.Detail, "others") ||
		!strings.Contains(c.Hint, "chmod 600") {
		t.Fatalf("config file check: %+v", c)
	}
}
