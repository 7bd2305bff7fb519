package deliver

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// The help counts the fields as the 135 table (3.11.1) does: eight, the
// delivery date among them, which the command fills in.
func TestHelpCountsTheEightFieldsOfTheTable(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := NewCmdDeliver(e.F, nil)
	cmd.SetArgs([]string{"--help"})
	cmd.SetOut(e.Out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	help := strings.Join(strings.Fields(e.Out.String()), " ")
	if strings.Contains(help, "seven") || !strings.Contains(help, "all eight fields") || !strings.Contains(help, "(sendDate, yyyy-MM-dd), which is filled in") {
		t.Errorf("help:\n%s", e.Out.String())
	}
}
