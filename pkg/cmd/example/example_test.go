package example

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

func runExample(t *testing.T, tty bool, args ...string) (*cmdtest.Env, error) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{TTY: tty})
	cmd := NewCmdExample(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return e, cmd.Execute()
}

func TestNewCmdExampleFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdExample(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"paoding", "buy"})
	if err := cmd.Execute(); err != nil || got.Provider != "paoding" || got.Operation != "buy" {
		t.Fatalf("%v %+v", err, got)
	}
	cmd = NewCmdExample(e.F, func(*Options) error { return nil })
	cmd.SetArgs([]string{"a", "b", "c"})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err == nil {
		t.Error("three arguments were accepted")
	}
}

// The file printed is the repository's, byte for byte, on a terminal or
// in a pipe: it is meant to be redirected into a file and edited.
func TestExampleIsTheRepositorysFile(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "ebao", "quote.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tty := range []bool{false, true} {
		e, err := runExample(t, tty, "ebao", "quote")
		if err != nil || e.Out.String() != string(want) {
			t.Errorf("tty %v: %v, %d bytes, want %d", tty, err, e.Out.Len(), len(want))
		}
	}
}

func TestExampleListInAPipeIsJSONAndATableOnATerminal(t *testing.T) {
	e, err := runExample(t, false)
	var list []Entry
	if err != nil || json.Unmarshal(e.Out.Bytes(), &list) != nil || len(list) == 0 {
		t.Fatalf("%v %q", err, e.Out)
	}
	for _, l := range list {
		if _, err := os.Stat(filepath.Join("..", "..", "..", l.File)); err != nil {
			t.Errorf("listed %s: %v", l.File, err)
		}
	}
	e, err = runExample(t, true, "paoding")
	if err != nil || !strings.Contains(e.Out.String(), "examples/paoding/buy.json") || strings.Contains(e.Out.String(), "ebao") {
		t.Errorf("%v %q", err, e.Out)
	}
}

func TestUnknownExampleListsWhatThereIs(t *testing.T) {
	_, err := runExample(t, false, "paoding", "sell")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "paoding buy") || strings.Contains(fe.Hint, "ebao") {
		t.Fatalf("%v", err)
	}
}
