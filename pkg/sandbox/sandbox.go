// Package sandbox runs every provider's fake on one loopback listener, each
// under its own path prefix (/paoding, /ebao, /bihu, /sunshine). The
// built-in `sandbox` profile starts it in-process on a random port; `insure
// sandbox serve` runs it as a long-lived server (needed for paoding's
// asynchronous notifications).
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox/state"
)

// StateFile is the name of the fakes' state file in the state directory.
const StateFile = "sandbox.db"

// Options configure a sandbox.
type Options struct {
	// Registry lists the providers whose fakes are mounted.
	Registry *registry.Registry
	// StateDir holds StateFile; empty keeps state in memory.
	StateDir string
	Now      func() time.Time
	Faults   []Fault
	// Notify starts background work that a long-lived server does
	// (paoding's result notifications).
	Notify bool
	// Observe, when set, sees every request before it is served (tests
	// assert what the sandbox received, or that it received nothing).
	Observe func(*http.Request)
}

// Provider is one mounted fake.
type Provider struct {
	Name string
	// Path is appended to the server's URL to form the profile endpoint.
	Path    string
	Handler http.Handler
	// Background, if set, runs until ctx ends (long-lived mode only).
	Background func(ctx context.Context)
	// Code builds the answer of a code:CODE fault (registry.SandboxServer).
	Code func(code string) (http.Handler, error)
}

// Server is a running sandbox.
type Server struct {
	URL       string
	Providers []Provider
	srv       *http.Server
	ln        net.Listener
	store     state.Store
	cancel    context.CancelFunc
	life      *lifecycle
	// stateDir and inProcess: where Listen records an in-process sandbox
	// (see recordInProcess); record is that file, removed by Close.
	stateDir  string
	inProcess bool
	record    string
}

// lifecycle tells the fault handlers that the server is stopping, and
// counts the late acts (act-after) still pending, so that Close neither
// waits out a delay fault nor closes the state under an act.
type lifecycle struct {
	stopping chan struct{}
	mu       sync.Mutex
	stopped  bool
	late     sync.WaitGroup
}

// stop tells the handlers; after it, begin refuses.
func (l *lifecycle) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.stopped = true
		close(l.stopping)
	}
}

// begin counts a late act, unless the server is stopping.
func (l *lifecycle) begin() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return false
	}
	l.late.Add(1)
	return true
}

// New builds the handler set without listening.
func New(opts Options) (*Server, error) {
	if opts.Registry == nil {
		return nil, errors.New("sandbox: no provider registry given")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var st state.Store
	stateName := "memory"
	if opts.StateDir != "" {
		stateName = AbsDir(opts.StateDir)
	}
	if opts.StateDir == "" {
		st = state.NewMemory()
	} else {
		f, err := state.Open(filepath.Join(opts.StateDir, StateFile))
		if err != nil {
			return nil, err
		}
		st = f
	}
	provs := mount(opts.Registry, st, opts)
	life := &lifecycle{stopping: make(chan struct{})}
	mux := http.NewServeMux()
	for _, p := range provs {
		prefix := "/" + p.Name
		h, err := withFaults(p, opts.Faults, life)
		if err != nil {
			_ = st.Close()
			return nil, err
		}
		mux.Handle(prefix+"/", http.StripPrefix(prefix, h))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "insure sandbox; providers:")
		for _, p := range provs {
			fmt.Fprintf(w, "  %s  %s\n", p.Name, "/"+p.Name+p.Path)
		}
		// Which state it serves, so reset and status can tell this server
		// from one serving another --state-dir on the same address.
		fmt.Fprintf(w, "%s%s\n", StatePrefix, stateName)
	})
	// Observe sees a request as it arrives, before its body is read.
	h := readBodies(mux)
	if opts.Observe != nil {
		read := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			opts.Observe(r)
			read.ServeHTTP(w, r)
		})
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: headerTimeout, ReadTimeout: readTimeout, IdleTimeout: idleTimeout}
	return &Server{Providers: provs, srv: srv, store: st, life: life,
		stateDir: opts.StateDir, inProcess: !opts.Notify}, nil
}

// State is the store the fakes keep their rows in: tests look at what the
// sandbox holds (an order placed or not) through the fakes' own readers,
// such as the Paoding sandbox's LookupOrder.
func (s *Server) State() state.Store { return s.store }

// Listen binds addr ("127.0.0.1:0" for a random port) and serves in the
// background.
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.URL = "http://" + dialable(addr, ln.Addr())
	if s.stateDir != "" && s.inProcess {
		// A command's own sandbox has the state open as a server does:
		// `insure sandbox reset` must find it and not delete the state
		// under it.
		s.record = recordInProcess(s.stateDir, s.URL, ln)
	}
	go func() { _ = s.srv.Serve(ln) }()
	return nil
}

// dialable is the host:port a client on this machine reaches a listener
// at: a listener on every address (":8790", "0.0.0.0:8790", "[::]:8790")
// is reached at loopback, where "http://[::]:8790" is not a URL to hand
// on. Go listens on both stacks for any of them, so loopback is IPv4's
// unless the address asked for was IPv6's.
func dialable(asked string, a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok || !ta.IP.IsUnspecified() {
		return a.String()
	}
	ip := net.IPv4(127, 0, 0, 1)
	if host, _, err := net.SplitHostPort(asked); err == nil && strings.Contains(host, ":") {
		ip = net.IPv6loopback
	}
	return (&net.TCPAddr{IP: ip, Port: ta.Port}).String()
}

// StartBackground runs the providers' background work until Close.
func (s *Server) StartBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	for _, p := range s.Providers {
		if p.Background != nil {
			go p.Background(ctx)
		}
	}
}

// Endpoint is the base URL a profile uses for one provider.
func (s *Server) Endpoint(provider string) string {
	for _, p := range s.Providers {
		if p.Name == provider {
			return s.URL + "/" + p.Name + p.Path
		}
	}
	return ""
}

// Names lists the mounted providers.
func (s *Server) Names() []string {
	var n []string
	for _, p := range s.Providers {
		n = append(n, p.Name)
	}
	sort.Strings(n)
	return n
}

// Close stops serving, waits for requests in flight and closes the state.
// A request held by a delay or act-after fault is not waited for: its
// connection is closed without an answer, as a stopping server's would
// be, and a late act not yet due is never made. When ctx ends before the
// requests in flight do, their connections are closed and the error is a
// *StopError.
func (s *Server) Close(ctx context.Context) error {
	if s.cancel != nil {
		s.cancel()
	}
	s.life.stop()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err != nil && ctx.Err() != nil {
		_ = s.srv.Close()
		err = &StopError{Err: err}
	}
	s.life.late.Wait()
	if cerr := s.store.Close(); err == nil {
		err = cerr
	}
	if s.record != "" {
		// Only once the state is closed.
		_ = os.Remove(s.record)
	}
	return err
}

// StopError is Close giving up on requests still in flight when its
// context ended: their connections were closed.
type StopError struct{ Err error }

func (e *StopError) Error() string {
	return "requests still in flight when the sandbox stopped were cut off: " + e.Err.Error()
}
func (e *StopError) Unwrap() error { return e.Err }

// EndpointFromURL maps an external sandbox (INSURE_SANDBOX_URL) to one
// provider's endpoint, using the same prefixes as a local one.
func EndpointFromURL(reg *registry.Registry, base, provider string) string {
	p, ok := reg.Lookup(provider)
	if !ok || p.Sandbox == nil {
		return ""
	}
	return strings.TrimRight(base, "/") + "/" + p.Name + p.Sandbox.Path
}

// mount builds the fake of every registered provider that has one, each
// under /<name>.
func mount(reg *registry.Registry, st state.Store, opts Options) []Provider {
	var out []Provider
	for _, d := range reg.All() {
		if d.Sandbox == nil || d.Sandbox.New == nil {
			continue
		}
		srv := d.Sandbox.New(registry.SandboxEnv{State: st, Now: opts.Now, LongLived: opts.Notify})
		out = append(out, Provider{Name: d.Name, Path: d.Sandbox.Path, Handler: srv.Handler, Background: srv.Background, Code: srv.Code})
	}
	return out
}
