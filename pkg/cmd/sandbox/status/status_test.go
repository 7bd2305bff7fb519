package status

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/sandbox/state"
)

func run(t *testing.T, dir, format string) (string, string) {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	opts := &Options{Ctx: context.Background(), IO: io, StateDir: dir,
		OutputOptions: func() (output.Options, error) { return output.Options{Format: format}, nil }}
	if err := Run(opts); err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String()
}

// Status counts the rows each provider's fake keeps, by the provider
// named at the front of the rows' kind.
func TestCountsRowsPerProvider(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sandbox")
	st, err := state.Open(filepath.Join(dir, sandbox.StateFile))
	if err != nil {
		t.Fatal(err)
	}
	err = st.Tx(context.Background(), func(tx state.Tx) error {
		for _, k := range [][2]string{{"ebao.quotation", "Q1"}, {"ebao.quotation", "Q2"}, {"ebao.seq", "Q"}, {"paoding.order", "O1"}} {
			if err := tx.Put(k[0], k[1], []byte("{}")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close() // held open, as by a running server

	out, errOut := run(t, dir, "json")
	var got Status
	if err := json.Unmarshal([]byte(out), &got); err != nil || errOut != "" {
		t.Fatalf("%v %q %q", err, out, errOut)
	}
	if len(got.Rows) != 2 || got.Rows["ebao"] != 3 || got.Rows["paoding"] != 1 || got.Files == 0 {
		t.Errorf("status %+v", got)
	}
	if out, _ := run(t, dir, "table"); !strings.Contains(out, "rows ebao") || !strings.Contains(out, "rows paoding") {
		t.Errorf("table:\n%s", out)
	}
}

// With no state yet, status says so and creates nothing.
func TestEmptyStateCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sandbox")
	out, _ := run(t, dir, "json")
	var got Status
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Rows) != 0 || got.Files != 0 {
		t.Errorf("status %q %v", out, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("status created %s: %v", dir, err)
	}
}

// A malformed INSURE_SANDBOX_URL is a usage error, not "no server answers".
func TestMalformedSandboxURLIsAUsageError(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "127.0.0.1:8790")
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := NewCmdStatus(e.F, nil)
	cmd.SetArgs([]string{"--state-dir", t.TempDir()})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "INSURE_SANDBOX_URL") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout %q", e.Out)
	}
}
