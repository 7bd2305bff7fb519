package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
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

func TestNewCmdServeFlags(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_FAULTS", "bihu=status:500")
	cases := []struct {
		args    []string
		want    Options
		wantErr string
	}{
		{args: nil, want: Options{Addr: sandbox.DefaultAddr, Faults: "bihu=status:500"}},
		{args: []string{"--addr", "127.0.0.1:0", "--faults", "ebao=tamper", "--state-dir", "/tmp/sb"},
			want: Options{Addr: "127.0.0.1:0", Faults: "ebao=tamper", StateDir: "/tmp/sb"}},
		{args: []string{"extra"}, wantErr: "extra"},
	}
	for _, c := range cases {
		e := cmdtest.New(t, cmdtest.Options{})
		var got *Options
		cmd := NewCmdServe(e.F, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(c.args)
		cmd.SetOut(e.ErrOut)
		cmd.SetErr(e.ErrOut)
		err := cmd.Execute()
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%v: error %v, want one naming %q", c.args, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if got.Addr != c.want.Addr || got.Faults != c.want.Faults || got.StateDir != c.want.StateDir {
			t.Errorf("%v: addr %q faults %q state-dir %q, want %+v", c.args, got.Addr, got.Faults, got.StateDir, c.want)
		}
	}
}

// serve runs `sandbox serve` on a free port until stop is called, and
// returns the server once it listens.
func serve(t *testing.T, e *cmdtest.Env) (srv *sandbox.Server, stop func() error) {
	t.Helper()
	ready := make(chan *sandbox.Server, 1)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	cmd := NewCmdServe(e.F, func(o *Options) error {
		o.Addr, o.StateDir = "127.0.0.1:0", filepath.Join(t.TempDir(), "sb")
		o.Ready = func(s *sandbox.Server) { ready <- s }
		return Run(o)
	})
	cmd.SetArgs(nil)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	select {
	case srv = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before listening: %v", err)
	}
	return srv, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop within 15s of its interrupt")
			return nil
		}
	}
}

// In a pipe, serve prints one JSON line saying where each fake is, so a
// script can read the address of a `--addr 127.0.0.1:0` server.
func TestServeInAPipePrintsWhereItListensAsJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	srv, stop := serve(t, e)
	var listed struct {
		URL       string            `json:"url"`
		Endpoints map[string]string `json:"endpoints"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &listed); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, e.Out)
	}
	if listed.URL != srv.URL || len(listed.Endpoints) != 4 {
		t.Fatalf("listed %+v, server at %s", listed, srv.URL)
	}
	for _, name := range []string{"paoding", "ebao", "bihu", "sunshine"} {
		if !strings.HasPrefix(listed.Endpoints[name], srv.URL+"/"+name) {
			t.Errorf("%s endpoint %q", name, listed.Endpoints[name])
		}
	}
	// It answers: an unsigned eBao quotation is refused by the fake
	// itself, not by a missing route.
	resp, err := http.Post(listed.Endpoints["ebao"]+"/pa_web/api/policies/quotations?version=1", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		t.Errorf("the eBao fake is not served: %s", resp.Status)
	}
	if err := stop(); err != nil {
		t.Errorf("an interrupted serve ends cleanly, got %v", err)
	}
	if !strings.Contains(e.ErrOut.String(), "shutting down the sandbox") {
		t.Errorf("stderr %q", e.ErrOut)
	}
	if strings.Contains(e.Out.String(), "Ctrl-C") {
		t.Errorf("the terminal's instructions went to a pipe: %q", e.Out)
	}
}

// On a terminal it says where it listens, per provider, and what to
// export to point commands at it.
func TestServeOnATerminalSaysWhatToExport(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	srv, stop := serve(t, e)
	out := e.Out.String()
	for _, want := range []string{
		"insure sandbox listening on " + srv.URL,
		"ebao", srv.URL + "/paoding",
		"export INSURE_SANDBOX_URL=" + srv.URL,
		"Press Ctrl-C to stop.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// A bad fault spec is a usage error (exit 2) before anything listens.
func TestServeRefusesABadFaultBeforeListening(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := NewCmdServe(e.F, nil)
	cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--state-dir", t.TempDir(), "--faults", "ebao=explode"})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	err := cmd.ExecuteContext(t.Context())
	if code := cmdutil.ExitCode(err); code != failure.ExitUsage || !strings.Contains(err.Error(), "--faults") {
		t.Fatalf("exit %d, error %v", code, err)
	}
	if e.Out.Len() != 0 {
		t.Errorf("something was served: %q", e.Out)
	}
}

// An address in use says so and suggests a free port, exit 2.
func TestServeOnAnAddressInUseSuggestsAFreePort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := NewCmdServe(e.F, nil)
	cmd.SetArgs([]string{"--addr", l.Addr().String(), "--state-dir", t.TempDir()})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	err = cmd.ExecuteContext(t.Context())
	var fe *failure.Error
	if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) ||
		!strings.Contains(fe.Message, "already in use") || !strings.Contains(fe.Hint, "127.0.0.1:0") {
		t.Fatalf("error %v", err)
	}
}

// Started in the background of a terminal (insure sandbox serve &), it
// does not offer Ctrl-C, which does not reach a background job: it says
// which process to kill.
func TestServeInTheBackgroundSaysHowToStopIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetInBackground(true)
	_, stop := serve(t, e)
	out := e.Out.String()
	if strings.Contains(out, "Ctrl-C") || !strings.Contains(out, fmt.Sprintf("stop it with kill %d", os.Getpid())) {
		t.Errorf("stdout:\n%s", out)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}
