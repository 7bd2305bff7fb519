package batchcmd_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/get"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// gbkInput is a CSV saved by Excel on Chinese Windows: GBK, its ASCII
// lines valid UTF-8 by chance and its Chinese line (粤 in GBK) not.
const gbkInput = "order_id\nGBK-1\n\xd4\xc1-2\nGBK-3\n"

// A file that is not UTF-8 is refused whole before anything is sent: its
// ASCII lines were sent and its Chinese lines refused one by one, half a
// batch done and the rest to sort out by hand.
func TestAFileThatIsNotUTF8IsRefusedWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(gbkInput), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, viaStdin := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{})
		args := []string{"--batch", path}
		if viaStdin { // `--batch - < orders.csv`
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			e.F.IOStreams.In = f
			args = []string{"--batch", "-"}
		}
		cmd := get.NewCmdGet(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(args)
		err := cmd.ExecuteContext(t.Context())
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "line 3 is not UTF-8") ||
			!strings.Contains(hintOf(err), "iconv -f GBK -t UTF-8") {
			t.Fatalf("stdin %v: exit %d: %v (hint %q)", viaStdin, cmdutil.ExitCode(err), err, hintOf(err))
		}
		if n := len(e.Received()); n != 0 || e.Out.Len() != 0 {
			t.Fatalf("stdin %v: %d requests sent, stdout %q", viaStdin, n, e.Out)
		}
	}
}

// From a pipe, which cannot be read twice, no line after the first that
// is not UTF-8 is sent; every line still gets its output line.
func TestAPipeStopsSendingAtTheFirstLineThatIsNotUTF8(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(gbkInput)
	cmd := get.NewCmdGet(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--concurrency", "1"})
	err := cmd.ExecuteContext(t.Context())
	if cmdutil.ExitCode(err) != 4 { // line 2's order is unknown to the sandbox
		t.Fatalf("exit %d: %v\nstderr: %s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	type line struct {
		Line    int
		Outcome string
		Message string
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 3 || got[1].Outcome != "usage" || got[2].Outcome != "not_attempted" || got[2].Line != 4 ||
		!strings.Contains(got[2].Message, "line 3, which is not UTF-8") {
		t.Fatalf("lines: %+v", got)
	}
	gets := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/report/get") {
			gets++
		}
	}
	if gets != 1 {
		t.Fatalf("%d look-ups sent, want 1 (line 2's): %v", gets, e.ReceivedPaths())
	}
	if !strings.Contains(e.ErrOut.String(), "line 3 is not UTF-8 text") || !strings.Contains(e.ErrOut.String(), "--resume") {
		t.Fatalf("summary: %s", e.ErrOut)
	}
}

func hintOf(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.Hint
	}
	return ""
}
