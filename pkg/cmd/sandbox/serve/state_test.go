package serve

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sandbox/reset"
	"github.com/insurekit/insure/pkg/cmd/sandbox/status"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/sandbox"
)

// serveDir runs `sandbox serve` on a free port over the state in dir
// until the returned stop is called.
func serveDir(t *testing.T, e *cmdtest.Env, dir string) (*sandbox.Server, func()) {
	t.Helper()
	ready := make(chan *sandbox.Server, 1)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	cmd := NewCmdServe(e.F, func(o *Options) error {
		o.Addr, o.StateDir = "127.0.0.1:0", dir
		o.Ready = func(s *sandbox.Server) { ready <- s }
		return Run(o)
	})
	cmd.SetArgs(nil)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	select {
	case srv := <-ready:
		return srv, func() {
			cancel()
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
		}
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before listening: %v", err)
		return nil, nil
	}
}

// A server on an address reset is not told of (not INSURE_SANDBOX_URL, not
// the default) still holds its state: reset must refuse, naming it, and
// status must list it. Reset used to delete the files under it, and the
// server went on with a database no longer on disk.
func TestResetRefusesAServerOnAnyAddressOfItsState(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := filepath.Join(t.TempDir(), "sb")
	srv, stop := serveDir(t, e, dir)
	ios, _, out, errOut := iostreams.Test()
	err := reset.Run(&reset.Options{Ctx: t.Context(), IO: ios, Yes: true, StateDir: dir})
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), srv.URL) {
		t.Fatalf("reset under a running server: exit %d, %v; stderr %q", cmdutil.ExitCode(err), err, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, sandbox.StateFile)); err != nil {
		t.Fatalf("the state went: %v", err)
	}
	err = status.Run(&status.Options{Ctx: t.Context(), IO: ios, StateDir: dir,
		OutputOptions: func() (output.Options, error) { return output.Options{Format: "json"}, nil }})
	var st status.Status
	if err != nil || json.Unmarshal(out.Bytes(), &st) != nil || len(st.Servers) != 1 || st.Servers[0].URL != srv.URL || !st.Servers[0].Answers {
		t.Fatalf("status: %v %s", err, out)
	}
	// INSURE_SANDBOX_URL with a trailing slash names the same server: it
	// is listed once.
	out.Reset()
	err = status.Run(&status.Options{Ctx: t.Context(), IO: ios, StateDir: dir, ServerURLs: []string{srv.URL + "/"},
		OutputOptions: func() (output.Options, error) { return output.Options{Format: "json"}, nil }})
	if err != nil || json.Unmarshal(out.Bytes(), &st) != nil || len(st.Servers) != 1 {
		t.Fatalf("status with %s/: %v %s", srv.URL, err, out)
	}
	stop()
	// Stopped, it leaves no record behind, and reset goes ahead.
	out.Reset()
	if err := reset.Run(&reset.Options{Ctx: t.Context(), IO: ios, Yes: true, StateDir: dir}); err != nil {
		t.Fatalf("reset after the server stopped: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
}

// A fault that can never fire (a provider the sandbox does not serve, in
// any case, or a path without its leading slash) is a usage error naming
// it, before anything listens: it used to be accepted and ignored, so the
// sandbox answered as if nothing were injected. So is a business code the
// fake does not document, which used to exit 1.
func TestServeRefusesAFaultThatCannotFire(t *testing.T) {
	for spec, want := range map[string]string{
		"eboa=tamper":            `no provider "eboa" in the sandbox`,
		"EBAO=tamper":            "did you mean ebao?",
		"ebao:pa_web=drop":       `needs its leading /`,
		"bihu=drop,pao=delay:1s": `no provider "pao"`,
		"ebao=code:123":          "the ebao sandbox has no business codes",
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		cmd := NewCmdServe(e.F, nil)
		cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--state-dir", t.TempDir(), "--faults", spec})
		cmd.SetOut(e.ErrOut)
		cmd.SetErr(e.ErrOut)
		// Accepted, the fault would serve until interrupted: stop it.
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		err := cmd.ExecuteContext(ctx)
		cancel()
		if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--faults") {
			t.Errorf("%s: exit %d, %v; want it to say %q", spec, cmdutil.ExitCode(err), err, want)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%s: served %q", spec, e.Out)
		}
	}
}
