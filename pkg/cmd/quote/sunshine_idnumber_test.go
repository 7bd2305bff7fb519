package quote

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// wrongCheckChar is 18 digits with a real birth date, but GB 11643 gives
// 0 as the check character of its first 17 digits, not 4.
const wrongCheckChar = "440106198001011234"

// withOwnerID is vehicleSets with the owner's ID number answered as set
// (KEY=VALUE, as --set takes it).
func withOwnerID(set string) []string {
	out := append([]string{}, vehicleSets[:len(vehicleSets)-2]...)
	return append(out, "--set", set)
}

// An owner's ID number sent without an ID type is a resident ID (the
// tables' 身份证号): one that breaks GB 11643 is exit 2 naming the answer
// as given, the rule and a number to paste, and nothing is sent.
func TestSunshineQuoteRefusesAWrongResidentIDBeforeSending(t *testing.T) {
	for _, tc := range []struct{ set, field string }{
		{"ownerIdNo=" + wrongCheckChar, "ownerIdNo"},
		{"vehicleInfo.ownerIdNo=440106198013011234", "vehicleInfo.ownerIdNo"},
		{"ownerIdNo=44010619800101123", "ownerIdNo"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			err := runSunshineQuote(e, append(append([]string{}, newArgs...), withOwnerID(tc.set)...)...)
			if cmdutil.ExitCode(err) != 2 {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			cmdutil.PrintError(e.F.IOStreams, err, false)
			stderr := e.ErrOut.String()
			for _, s := range []string{tc.field + ":", "resident ID", "--set ownerIdNo=11010519491231002X", "nothing was sent"} {
				if !strings.Contains(stderr, s) {
					t.Errorf("%q not in stderr:\n%s", s, stderr)
				}
			}
			if len(e.Received()) != 0 {
				t.Fatalf("sent %v", e.ReceivedPaths())
			}
		})
	}
}
