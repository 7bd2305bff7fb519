// Package factory builds the real Factory from small named constructors:
// config from disk, the local store, the HTTP client, provider clients
// from the registry and, for the sandbox profile, the in-process sandbox,
// each on first use, so `insure version` and `--help` build nothing.
// internal/cmdtest builds test Factories from the same constructors.
package factory

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/builtin"
)

// Options replace the process's defaults (tests use them; the binary
// passes none).
type Options struct {
	IOStreams *iostreams.IOStreams
	Registry  *registry.Registry
	// ConfigPath is used when --config is not given; default
	// config.DefaultPath().
	ConfigPath string
	// StateDir holds the store and the in-process sandbox's state;
	// default config.StateDir().
	StateDir string
	Keyring  config.Keyring
	// StartSandbox starts the sandbox the sandbox profile talks to and
	// returns how to stop it; default: in-process on a random loopback
	// port, faults from INSURE_SANDBOX_FAULTS.
	StartSandbox func(reg *registry.Registry, stateDir string) (*sandbox.Server, func(), error)
	Now          func() time.Time
	// Context is the process's root context (SIGINT and SIGTERM cancel
	// it); an open prompt ends with it. Required.
	Context context.Context
}

// New returns a Factory bound to the process's streams, under ctx.
func New(ctx context.Context, appVersion string) *cmdutil.Factory {
	return NewWith(appVersion, Options{Context: ctx})
}

// NewWith returns a Factory with some defaults replaced.
func NewWith(appVersion string, o Options) *cmdutil.Factory {
	if o.IOStreams == nil {
		o.IOStreams = iostreams.System()
	}
	if o.Registry == nil {
		o.Registry = builtin.Registry()
	}
	if o.StateDir == "" {
		o.StateDir = config.StateDir()
	}
	if o.Keyring == nil {
		o.Keyring = config.OSKeyring{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Context == nil {
		panic("factory: Options.Context is required (the binary's is cancelled by SIGINT and SIGTERM)")
	}
	if o.StartSandbox == nil {
		o.StartSandbox = inProcessSandbox(o.Context)
	}
	f := &cmdutil.Factory{
		AppVersion: appVersion,
		IOStreams:  o.IOStreams,
		Globals:    &cmdutil.GlobalOptions{},
		Registry:   o.Registry,
		Now:        o.Now,
	}
	o.IOStreams.Out = &maskedStdout{out: o.IOStreams.Out, errOut: o.IOStreams.ErrOut, globals: f.Globals}
	f.Keyring = func() config.Keyring { return o.Keyring }
	f.Config = configFunc(f, o.ConfigPath)
	var closeStore func()
	f.Store, closeStore = storeFuncs(o.StateDir)
	f.Settings = settingsFunc(f)
	var stopSandbox func()
	f.Profile = profileFunc(f, func() (*sandbox.Server, error) {
		srv, stop, err := o.StartSandbox(f.Registry, o.StateDir)
		stopSandbox = stop
		return srv, err
	})
	f.HttpClient = httpClientFunc(f)
	f.Client = clientFunc(f)
	f.Prompter = prompterFunc(f, o.Context)
	f.OutputOptions = outputOptionsFunc(f)
	f.Cleanup = func() {
		if stopSandbox != nil {
			stopSandbox()
		}
		closeStore()
	}
	return f
}

func configFunc(f *cmdutil.Factory, defaultPath string) func() (*config.Config, error) {
	var once sync.Once
	var cfg *config.Config
	var err error
	return func() (*config.Config, error) {
		once.Do(func() {
			path := f.Globals.ConfigPath
			if path == "" {
				path = defaultPath
			}
			if path == "" {
				path = config.DefaultPath()
			}
			cfg, err = config.Load(path, f.Registry)
			if err == nil && !f.ReportsConfigWarnings {
				for _, w := range cfg.Warnings {
					fmt.Fprintf(f.IOStreams.ErrOut, "%s %s\n", f.IOStreams.ErrColorScheme().Yellow("warning:"), w)
				}
			}
		})
		return cfg, err
	}
}

// storeFuncs opens the store on first use; the second func closes it if
// it was opened.
func storeFuncs(stateDir string) (func() (*store.Store, error), func()) {
	var once sync.Once
	var st *store.Store
	var err error
	open := func() (*store.Store, error) {
		once.Do(func() { st, err = store.Open(store.DefaultPath(stateDir)) })
		return st, err
	}
	closeStore := func() {
		if st != nil {
			_ = st.Close()
		}
	}
	return open, closeStore
}

// settingsFunc resolves the profile's values without starting the sandbox
// (its endpoints are then unset), for sign and other offline commands.
func settingsFunc(f *cmdutil.Factory) func() (*config.Profile, error) {
	return func() (*config.Profile, error) {
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		name, err := cmdutil.ProfileName(f)
		if err != nil {
			return nil, err
		}
		// Names are matched without case; a profile whose settings in the
		// file are unknown or invalid is a usage error naming them.
		p, err := cfg.Profile(name, f.Keyring())
		if err != nil {
			var fe *failure.Error
			if errors.As(err, &fe) {
				return nil, fe
			}
			return nil, &failure.Error{Kind: failure.Usage, Message: err.Error()}
		}
		return p, nil
	}
}

// profileFunc picks the profile (flag > INSURE_PROFILE > current-profile)
// and, for the sandbox profile, points it at INSURE_SANDBOX_URL or at a
// sandbox it starts.
func profileFunc(f *cmdutil.Factory, start func() (*sandbox.Server, error)) func() (*config.Profile, error) {
	var once sync.Once
	var prof *config.Profile
	var err error
	return func() (*config.Profile, error) {
		once.Do(func() {
			prof, err = f.Settings()
			if err == nil {
				applyDefaultTimeout(f.Globals, prof)
			}
			if err != nil || !prof.Sandbox {
				return
			}
			base, uerr := sandbox.URLFromEnv()
			if uerr != nil {
				prof, err = nil, uerr
				return
			}
			if base != "" {
				if os.Getenv(sandbox.FaultsVar) != "" {
					// The faults are the server's to inject: set here they
					// would silently do nothing.
					fmt.Fprintf(f.IOStreams.ErrOut, "warning: %s is ignored while %s points at a running sandbox; start it with insure sandbox serve --faults SPEC instead\n",
						sandbox.FaultsVar, sandbox.URLVar)
				}
				for _, name := range f.Registry.Names() {
					if ep := sandbox.EndpointFromURL(f.Registry, base, name); ep != "" {
						prof.Set(name, "endpoint", ep)
					}
				}
				return
			}
			srv, serr := start()
			if serr != nil {
				prof, err = nil, serr
				return
			}
			for _, name := range srv.Names() {
				prof.Set(name, "endpoint", srv.Endpoint(name))
			}
		})
		return prof, err
	}
}

// inProcessSandbox starts the sandbox in this process. Its stop gives the
// server 5 seconds to finish, even when ctx was cancelled by a signal: a
// request in flight to it is the command's own.
func inProcessSandbox(ctx context.Context) func(*registry.Registry, string) (*sandbox.Server, func(), error) {
	return func(reg *registry.Registry, stateDir string) (*sandbox.Server, func(), error) {
		return startInProcess(ctx, reg, stateDir)
	}
}

func startInProcess(parent context.Context, reg *registry.Registry, stateDir string) (*sandbox.Server, func(), error) {
	faults, err := sandbox.FaultsFromEnv(reg.Names())
	if err != nil {
		return nil, nil, err
	}
	srv, err := sandbox.New(sandbox.Options{Registry: reg, StateDir: filepath.Join(stateDir, "sandbox"), Faults: faults})
	var fe *sandbox.FaultError
	if errors.As(err, &fe) {
		return nil, nil, sandbox.FaultsVarError(fe)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("starting the in-process sandbox: %w", err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		return nil, nil, fmt.Errorf("starting the in-process sandbox: %w", err)
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), 5*time.Second)
		defer cancel()
		_ = srv.Close(ctx)
	}
	return srv, stop, nil
}

// lockNotice tells a person, once, that the command waits for another
// insure process holding a token lock.
func lockNotice(ios *iostreams.IOStreams) func(store.LockWait) {
	return func(w store.LockWait) {
		fmt.Fprintf(ios.ErrOut, "%s\n", w)
	}
}

func prompterFunc(f *cmdutil.Factory, ctx context.Context) func() prompter.Prompter {
	var once sync.Once
	var pr prompter.Prompter
	return func() prompter.Prompter {
		once.Do(func() { pr = &prompter.Huh{In: f.IOStreams.In, Out: f.IOStreams.ErrOut, Ctx: ctx} })
		return pr
	}
}

// outputOptionsFunc resolves -o: flag > INSURE_OUTPUT > the profile's
// default > table on a terminal, json otherwise.
func outputOptionsFunc(f *cmdutil.Factory) func() (output.Options, error) {
	return func() (output.Options, error) {
		ios := f.IOStreams
		o := output.Options{Format: f.Globals.Output, JQ: f.Globals.JQ, Template: f.Globals.Template, Pretty: ios.IsStdoutTTY()}
		if o.Format == "" {
			if p, err := f.Settings(); err == nil {
				v, src, _ := p.Get(config.DefaultsSection, "output")
				if cfg, cerr := f.Config(); v != "" && cerr == nil {
					// The file's value was checked when it was read; the
					// environment's is checked here, and named as such
					// rather than as an --output that was never given.
					if fe := cfg.CheckValue(config.DefaultsSection, "output", v); fe != nil {
						if src == "env" {
							fe.Rule += " (from " + config.EnvName(config.DefaultsSection, "output") + ")"
						}
						return o, &failure.Error{Kind: failure.Usage, Fields: []failure.FieldError{*fe},
							Message: fmt.Sprintf("profile %s's default output format is not one insure prints", p.Name),
							Hint:    "fix or unset " + config.EnvName(config.DefaultsSection, "output") + ", or pass -o json"}
					}
				}
				o.Format = v
			}
		}
		if o.Format == "" {
			o.Format = "json"
			if ios.IsStdoutTTY() {
				o.Format = "table"
			}
		}
		return o, output.ValidateOptions(o)
	}
}
