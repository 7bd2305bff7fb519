package sunshine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A short value in private-key that is neither PEM text nor a file (a
// password pasted into the wrong setting) was taken for a path and echoed
// in "open <value>: no such file or directory" on stderr. The error names
// the setting and what is wrong, never the value.
func TestShortPrivateKeyValueIsNeverEchoed(t *testing.T) {
	for _, value := range []string{"Sh0rtPass!", "hunter2-xyz", "p4ss.word"} {
		t.Run(value, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			t.Setenv("INSURE_SUNSHINE_PRIVATE_KEY", value)
			req := filepath.Join(t.TempDir(), "req.xml")
			doc := `<?xml version="1.0" encoding="GBK"?><PackageList><Package><Header><RequestType>050</RequestType></Header>` +
				`<Request><InputsList></InputsList></Request></Package></PackageList>`
			if err := os.WriteFile(req, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
			args := []string{"sign", "sunshine", "-f", req}
			cmd := root.NewCmdRootFor(e.F, args)
			cmd.SetArgs(args)
			cmd.SetOut(e.Out)
			cmd.SetErr(e.ErrOut)
			err := cmd.Execute()
			if err != nil {
				cmdutil.PrintError(e.F.IOStreams, err, false)
			}
			if code := cmdutil.ExitCode(err); code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", code, e.ErrOut.String())
			}
			shown := e.Out.String() + e.ErrOut.String()
			if strings.Contains(shown, value) {
				t.Errorf("the value reached the output:\n%s", shown)
			}
			if !strings.Contains(e.ErrOut.String(), "private-key") {
				t.Errorf("the error does not name the setting:\n%s", e.ErrOut.String())
			}
		})
	}
}
