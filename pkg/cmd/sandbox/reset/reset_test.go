package reset

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/providers/builtin"
)

func TestNewCmdResetFlags(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "http://127.0.0.1:9")
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	var got *Options
	cmd := NewCmdReset(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--state-dir", "/tmp/sb"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.StateDir != "/tmp/sb" || !got.Yes || len(got.ServerURLs) != 2 || got.ServerURLs[0] != "http://127.0.0.1:9" {
		t.Errorf("options %+v", got)
	}

	cmd = NewCmdReset(e.F, func(*Options) error { return nil })
	cmd.SetArgs([]string{"now"})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "now") {
		t.Errorf("an argument: %v", err)
	}
}

// stateDir makes a sandbox state directory holding a database and its
// companions.
func stateDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sandbox")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sandbox.db", "sandbox.db-wal", "sandbox.db-shm"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run(t *testing.T, e *cmdtest.Env, dir string, yes bool, servers ...string) error {
	t.Helper()
	return Run(&Options{Ctx: t.Context(), IO: e.F.IOStreams, Prompter: e.F.Prompter, Yes: yes, StateDir: dir, ServerURLs: servers})
}

func left(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// In a script, reset needs --yes and deletes nothing without it.
func TestResetInAPipeNeedsYes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := stateDir(t)
	err := run(t, e, dir, false)
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("without --yes: %v", err)
	}
	if left(t, dir) != 3 {
		t.Fatal("files were deleted without --yes")
	}
	if err := run(t, e, dir, true); err != nil {
		t.Fatal(err)
	}
	if left(t, dir) != 0 || !strings.Contains(e.ErrOut.String(), "sandbox state deleted") || e.Out.Len() != 0 {
		t.Errorf("%d files left; stdout %q stderr %q", left(t, dir), e.Out, e.ErrOut)
	}
}

// On a terminal it asks; "no" keeps everything and exits 0.
func TestResetOnATerminalAsks(t *testing.T) {
	for _, yes := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		dir := stateDir(t)
		e.Prompts.Answers = map[string]any{"Delete the sandbox state in " + dir + "?": yes}
		err := run(t, e, dir, false)
		if len(e.Prompts.Asked) != 1 {
			t.Fatalf("asked %q", e.Prompts.Asked)
		}
		switch {
		case !yes && (!errors.As(err, &cmdutil.Declined{}) || cmdutil.ExitCode(err) != 0 || left(t, dir) != 3):
			t.Errorf("answered no: %v, %d files left", err, left(t, dir))
		case yes && (err != nil || left(t, dir) != 0):
			t.Errorf("answered yes: %v, %d files left", err, left(t, dir))
		}
	}
}

// fakeServer answers as an insure sandbox server whose root page names
// state (none when empty, as servers before the page said did).
func fakeServer(t *testing.T, state string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "insure sandbox; providers:")
		fmt.Fprintln(w, "  ebao  /ebao/")
		if state != "" {
			fmt.Fprintln(w, sandbox.StatePrefix+state)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A running sandbox server holds the state open: reset refuses and says
// how to stop it, for a server that names this state or names none.
func TestResetRefusesWhileAServerRuns(t *testing.T) {
	dir := stateDir(t)
	for _, served := range []string{sandbox.AbsDir(dir), ""} {
		e := cmdtest.New(t, cmdtest.Options{})
		u := fakeServer(t, served)
		err := run(t, e, dir, true, u)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) ||
			!strings.Contains(fe.Message, u) || !strings.Contains(fe.Hint, "sandbox serve") {
			t.Fatalf("served %q: %v", served, err)
		}
		if left(t, dir) != 3 {
			t.Error("files were deleted under a running server")
		}
	}
}

// A server on the default address that serves another --state-dir is not
// in the way: reset refused whatever state it served.
func TestResetIgnoresAServerOfAnotherState(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := stateDir(t)
	u := fakeServer(t, sandbox.AbsDir(t.TempDir()))
	if err := run(t, e, dir, true, u); err != nil || left(t, dir) != 0 {
		t.Fatalf("%v, %d files left", err, left(t, dir))
	}
}

func TestResetOfAnEmptyStateSaysSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	missing := filepath.Join(t.TempDir(), "never")
	if err := run(t, e, missing, false); err != nil || !strings.Contains(e.ErrOut.String(), "already empty") {
		t.Errorf("%v %q", err, e.ErrOut)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("reset created %s", missing)
	}
}

// --state-dir naming the wrong directory must not wipe it: reset deletes
// the sandbox's own files (the database and its companions, servers'
// records) and names what it left. It used to delete every entry.
func TestResetDeletesOnlyTheSandboxsFiles(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := stateDir(t)
	for _, name := range []string{"notes.txt", "quote.json"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "work"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := run(t, e, dir, true); err != nil {
		t.Fatal(err)
	}
	if left(t, dir) != 3 {
		t.Fatalf("%d entries left, want the 3 that are not the sandbox's", left(t, dir))
	}
	for _, name := range []string{"notes.txt", "quote.json", "work"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(e.ErrOut.String(), "left 3 file(s)") || !strings.Contains(e.ErrOut.String(), "notes.txt") {
		t.Errorf("stderr %q", e.ErrOut)
	}
	// Nothing of the sandbox's left: already empty, and still untouched.
	e.ErrOut.Reset()
	if err := run(t, e, dir, true); err != nil || !strings.Contains(e.ErrOut.String(), "already empty") || left(t, dir) != 3 {
		t.Errorf("%v %q, %d left", err, e.ErrOut, left(t, dir))
	}
}

// A malformed INSURE_SANDBOX_URL cannot be asked whether a server runs
// there: reset refused nothing and deleted the state, status said no
// server answered. Both are a usage error naming the variable, and the
// state stays.
func TestMalformedSandboxURLIsRefusedAndNothingIsDeleted(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "127.0.0.1:8790")
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	dir := stateDir(t)
	cmd := NewCmdReset(e.F, nil)
	cmd.SetArgs([]string{"--state-dir", dir})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "INSURE_SANDBOX_URL") || !strings.Contains(err.Error(), "has no scheme") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if left(t, dir) != 3 {
		t.Error("the state was deleted")
	}
}

// A command running over the state (a --batch on the in-process sandbox
// of the sandbox profile) has it open as a server does: reset deleted
// the files under it, whatever it wrote after that went to files no
// longer on disk, and the next command found none of it. It refuses,
// naming the command's pid, and resets once the command is done.
func TestResetRefusesWhileACommandsInProcessSandboxRuns(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := filepath.Join(t.TempDir(), "sandbox")
	srv, err := sandbox.New(sandbox.Options{Registry: builtin.Registry(), StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	err = run(t, e, dir, true, "http://127.0.0.1:9")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) ||
		!strings.Contains(fe.Message, fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(fe.Message, srv.URL) {
		t.Fatalf("reset under a running command: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, sandbox.StateFile)); err != nil {
		t.Fatalf("the state was deleted under the command: %v", err)
	}
	if err := srv.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := run(t, e, dir, true, "http://127.0.0.1:9"); err != nil || left(t, dir) != 0 {
		t.Fatalf("after the command: %v, %d files left", err, left(t, dir))
	}
}
