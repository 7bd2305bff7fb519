package version

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
)

// run executes `version` under a root with the global -o flag, as the
// binary does.
func runVersion(t *testing.T, tty bool, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(tty)
	root := &cobra.Command{Use: "insure", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().StringP("output", "o", "", "")
	root.AddCommand(NewCmdVersion(ios, nil))
	root.SetArgs(append([]string{"version"}, args...))
	err := root.Execute()
	return out.String(), err
}

func TestNewCmdVersionFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *Options
	cmd := NewCmdVersion(ios, func(o *Options) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil || got == nil || !got.JSON {
		t.Fatalf("in a pipe: %v %+v", err, got)
	}
	cmd = NewCmdVersion(ios, func(*Options) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	if err := cmd.Execute(); err == nil {
		t.Error("an argument was accepted")
	}
}

func TestVersionOnATerminalIsOneLine(t *testing.T) {
	out, err := runVersion(t, true)
	if err != nil || !strings.HasPrefix(out, "insure ") || !strings.Contains(out, runtime.Version()) || strings.Count(out, "\n") != 1 {
		t.Errorf("%q %v", out, err)
	}
}

func TestVersionInAPipeIsJSON(t *testing.T) {
	for _, c := range []struct {
		tty  bool
		args []string
	}{{false, nil}, {true, []string{"-o", "json"}}} {
		out, err := runVersion(t, c.tty, c.args...)
		var got Info
		if err != nil || json.Unmarshal([]byte(out), &got) != nil || got.GoVersion != runtime.Version() || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
			t.Errorf("tty %v %v: %q %v", c.tty, c.args, out, err)
		}
	}
}
