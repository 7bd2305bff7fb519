package serve

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/sandbox"
)

// runServe runs `sandbox serve args...` on a free port and stops it after
// a moment if it started.
func runServe(t *testing.T, args ...string) (*cmdtest.Env, error) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := NewCmdServe(e.F, nil)
	cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, args...))
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	return e, cmd.ExecuteContext(ctx)
}

// A fault whose argument would be ignored (drop:5s is no delay, tamper
// takes none) or whose duration is not positive (delay:-5s waited for
// nothing) is a usage error with an example; it used to be accepted and
// the sandbox served as if it were not there. Spaces around the parts
// are allowed.
func TestServeRefusesFaultsItWouldIgnore(t *testing.T) {
	for spec, want := range map[string]string{
		"ebao=drop:5s":            `drop takes no argument, for example ebao=drop`,
		"ebao=tamper:x":           `tamper takes no argument, for example ebao=tamper`,
		"bihu=act-then-drop:1":    `act-then-drop takes no argument, for example bihu=act-then-drop`,
		"ebao=delay:-5s":          `delay needs a positive duration, for example ebao=delay:5s`,
		"ebao=act-after:0s":       `act-after needs a positive duration, for example ebao=act-after:5s`,
		"bihu=status:abc":         `status needs an HTTP code, for example bihu=status:503`,
		"ebao:/x=act-then-status": `act-then-status needs an HTTP code, for example ebao=act-then-status:503`,
		"paoding=explode":         `for example paoding=tamper`,
		"ebao=":                   `for example ebao=tamper`,
		"bihu=status:500,ebao=x":  `unknown kind "x"`,
	} {
		e, err := runServe(t, "--state-dir", t.TempDir(), "--faults", spec)
		if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--faults") {
			t.Errorf("%s: exit %d, %v; want it to say %q", spec, cmdutil.ExitCode(err), err, want)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%s: served %q", spec, e.Out)
		}
	}
	faults, err := sandbox.ParseFaults(" ebao = tamper , paoding : /4s/report/buy = delay:1s ")
	if err != nil || len(faults) != 2 || faults[0].Provider != "ebao" || faults[0].Kind != "tamper" ||
		faults[1].Provider != "paoding" || faults[1].PathPrefix != "/4s/report/buy" || faults[1].Delay != time.Second {
		t.Errorf("spaces: %+v, %v", faults, err)
	}
}

// A damaged state file, or a state directory that cannot be written,
// says so and what to do next; it used to be SQLite's message alone
// ("file is not a database (26)", "unable to open database file (14)").
func TestServeSaysWhatToDoWithUnusableState(t *testing.T) {
	damaged := t.TempDir()
	if err := os.WriteFile(filepath.Join(damaged, sandbox.StateFile), []byte("not a database, no sir\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dir, message, hint string }{
		{damaged, "is damaged", "insure sandbox reset --state-dir " + damaged},
		{notADir, "cannot open the sandbox state in " + notADir, "--state-dir must be a directory this user can create and write"},
	} {
		e, err := runServe(t, "--state-dir", c.dir)
		var fe *failure.Error
		if !errors.As(err, &fe) || cmdutil.ExitCode(err) != failure.ExitUnexpected ||
			!strings.Contains(fe.Message, c.message) || !strings.Contains(fe.Hint, c.hint) {
			t.Errorf("%s: exit %d, %#v", c.dir, cmdutil.ExitCode(err), err)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%s: served %q", c.dir, e.Out)
		}
	}
}

// -o json on a terminal prints the JSON line a pipe gets; it was ignored.
func TestServeOnATerminalHonoursOutputJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.Output = "json"
	srv, stop := serve(t, e)
	var listed struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &listed); err != nil || listed.URL != srv.URL {
		t.Errorf("stdout %q (%v), want the JSON line naming %s", e.Out, err, srv.URL)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
}

// A spec serve read from INSURE_SANDBOX_FAULTS, without --faults, is
// refused naming the variable: it was reported as --faults, which the
// command line did not have.
func TestServeNamesTheVariableABadSpecCameFrom(t *testing.T) {
	for _, spec := range []string{"ebao=status:abc", "paoding=code:99999"} {
		t.Setenv(sandbox.FaultsVar, spec)
		_, err := runServe(t, "--state-dir", t.TempDir())
		if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.HasPrefix(err.Error(), sandbox.FaultsVar+": ") {
			t.Errorf("%s from the environment: exit %d, %v", spec, cmdutil.ExitCode(err), err)
		}
		_, err = runServe(t, "--state-dir", t.TempDir(), "--faults", spec)
		if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.HasPrefix(err.Error(), "--faults: ") {
			t.Errorf("%s from --faults: exit %d, %v", spec, cmdutil.ExitCode(err), err)
		}
	}
}
