package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
)

// The 206 hint says how to open the ReplenishInfo page. "add --open" is
// right for a plain lookup only: beside --batch --open is refused (exit 2),
// and a user who gave --open has it already, or asked for another page.
func TestReplenishHintFitsHowTheLookupRan(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"plain", []string{"--plate", "京A12345"}, "", "add --open to open it"},
		{"open", []string{"--plate", "京A12345", "--open"}, "", "--open opens it in a browser"},
		{"open another page", []string{"--plate", "京A12345", "--open=checklist"}, "", "--open without =checklist opens it"},
		{"batch", []string{"--batch", "-"}, "plate\n京A12345\n", "look this vehicle up alone with --open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, false)
			if tc.stdin == "" {
				_ = e.run(tc.args...)
			} else {
				// As the batch tests run it: through the command's own batch path.
				e.In.WriteString(tc.stdin)
				cmd := NewCmdRenew(e.F, nil)
				cmd.SilenceUsage, cmd.SilenceErrors = true, true
				cmd.SetArgs(tc.args)
				_ = cmd.Execute()
			}
			all := e.Out.String() + e.ErrOut.String()
			if !strings.Contains(all, "[206]") && !strings.Contains(all, `"206"`) {
				t.Fatalf("no 206:\n%s", all)
			}
			if !strings.Contains(all, tc.want) {
				t.Errorf("hint lacks %q:\n%s", tc.want, all)
			}
			if tc.name != "plain" && strings.Contains(all, "add --open") {
				t.Errorf("hint says to add --open:\n%s", all)
			}
		})
	}
}

// --open takes its page only after "=": "--open quote" read quote as an
// argument and said "takes no arguments". It now says how to write it,
// exit 2, nothing sent.
func TestOpenWithItsPageAfterASpaceSaysToUseEquals(t *testing.T) {
	e := newEnv(t, false)
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--plate", "京J97896", "--open", "quote"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--open=quote") || len(e.paths()) != 0 {
		t.Fatalf("exit %d: %v, sent %v", cmdutil.ExitCode(err), err, e.paths())
	}
}
