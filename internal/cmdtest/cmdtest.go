// Package cmdtest builds a Factory for command tests: test IO streams in
// TTY or pipe mode, a private store, and the real sandbox on a loopback
// port, with a record of every request the sandbox received.
package cmdtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/insurekit/insure/pkg/output"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/builtin"
)

// Env is one test's world.
type Env struct {
	F       *cmdutil.Factory
	In      *bytes.Buffer
	Out     *bytes.Buffer
	ErrOut  *bytes.Buffer
	Sandbox *sandbox.Server
	Config  *config.Config
	Store   *store.Store
	// Prompts answers prompts in TTY mode (nil: prompting fails the test).
	Prompts *Prompter

	mu       sync.Mutex
	received []Received
}

// Received is one request the sandbox saw.
type Received struct {
	Method, Path string
	Header       http.Header
}

// Options shape the Env.
type Options struct {
	// Registry replaces the built-in providers (a test registering a toy
	// provider).
	Registry *registry.Registry
	TTY      bool
	Faults   string
	Now      func() time.Time
}

// New builds an Env whose profile is the sandbox profile, pointed at a
// fresh sandbox listening on loopback.
func New(t *testing.T, o Options) *Env {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	ios.SetStdinTTY(o.TTY)
	ios.SetStdoutTTY(o.TTY)
	ios.SetStderrTTY(o.TTY)
	e := &Env{In: in, Out: out, ErrOut: errOut, Prompts: &Prompter{t: t}}
	faults, err := sandbox.ParseFaults(o.Faults)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	reg := o.Registry
	if reg == nil {
		reg = builtin.Registry()
	}
	sb, err := sandbox.New(sandbox.Options{Registry: reg, StateDir: filepath.Join(dir, "sandbox"), Faults: faults, Now: o.Now,
		Observe: func(r *http.Request) {
			e.mu.Lock()
			e.received = append(e.received, Received{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()})
			e.mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close(context.Background()) })
	e.Sandbox = sb
	// The Factory is the binary's, from the same constructors, with the
	// test's streams, directories, keyring and already-running sandbox.
	f := factory.NewWith("test", factory.Options{
		Context:    t.Context(),
		IOStreams:  ios,
		Registry:   reg,
		ConfigPath: filepath.Join(dir, "config", "config.yaml"),
		StateDir:   filepath.Join(dir, "state"),
		Keyring:    MapKeyring{},
		StartSandbox: func(*registry.Registry, string) (*sandbox.Server, func(), error) {
			return sb, func() {}, nil
		},
		Now: o.Now,
	})
	f.Globals.Profile = config.SandboxProfile
	f.Globals.Timeout = 10 * time.Second
	f.Prompter = func() prompter.Prompter { return e.Prompts }
	cfg, err := f.Config()
	if err != nil {
		t.Fatal(err)
	}
	e.Config = cfg
	st, err := f.Store()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Cleanup)
	e.Store = st
	e.F = f
	return e
}

// Received returns the requests the sandbox saw so far.
func (e *Env) Received() []Received {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Received(nil), e.received...)
}

// ReceivedPaths lists the paths the sandbox saw.
func (e *Env) ReceivedPaths() []string {
	var out []string
	for _, r := range e.Received() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// Reset clears the streams and the request record between steps.
func (e *Env) Reset() {
	e.Out.Reset()
	e.ErrOut.Reset()
	e.mu.Lock()
	e.received = nil
	e.mu.Unlock()
}

// MapKeyring is an in-memory keyring.
type MapKeyring map[string]string

func (m MapKeyring) Get(s, u string) (string, error) {
	if v, ok := m[s+"/"+u]; ok {
		return v, nil
	}
	return "", failure.New(failure.Unexpected, "", "", "not in keyring")
}
func (m MapKeyring) Set(s, u, v string) error { m[s+"/"+u] = v; return nil }
func (m MapKeyring) Delete(s, u string) error { delete(m, s+"/"+u); return nil }

// LocalZone shows times in loc for the rest of the test (output.SetZone:
// time.Local itself is left alone, since the sandbox's servers in this
// process read it and would race with the test changing it).
func LocalZone(t *testing.T, loc *time.Location) {
	t.Helper()
	t.Cleanup(output.SetZone(loc))
}

// JSONLines decodes out, one JSON value of type T a line (a --batch's
// stdout), failing the test at a line that is not one.
func JSONLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var res []T
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("stdout line is not JSON: %q", sc.Text())
		}
		res = append(res, v)
	}
	return res
}
