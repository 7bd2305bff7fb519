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

// utf16Input is Excel's "Unicode Text" export: UTF-16LE after its byte
// order mark, a NUL beside every ASCII letter.
const utf16Input = "\xff\xfeo\x00r\x00d\x00e\x00r\x00_\x00i\x00d\x00\r\x00\n\x00A\x001\x00\r\x00\n\x00"

// A UTF-16 file was called "a GBK export?" with iconv -f GBK in the hint,
// which turns it into garbage: it is named UTF-16, with iconv -f UTF-16.
func TestAUTF16FileIsNamedUTF16(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.txt")
	if err := os.WriteFile(path, []byte(utf16Input), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--batch", path}, {"--batch", path, "--input-format", "jsonl"}, {"--batch", "-", "--input-format", "jsonl"}} {
		e := cmdtest.New(t, cmdtest.Options{})
		if args[1] == "-" { // from a pipe: the line's error and the summary say it
			e.In.WriteString(utf16Input)
		}
		cmd := get.NewCmdGet(e.F, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(args)
		err := cmd.ExecuteContext(t.Context())
		said := e.Out.String() + e.ErrOut.String() + hintOf(err)
		if err != nil {
			said += err.Error()
		}
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(said, "iconv -f UTF-16 -t UTF-8") || strings.Contains(said, "GBK") {
			t.Errorf("%v: exit %d, said %s", args, cmdutil.ExitCode(err), said)
		}
		if n := len(e.Received()); n != 0 {
			t.Errorf("%v: %d requests sent", args, n)
		}
	}
}
