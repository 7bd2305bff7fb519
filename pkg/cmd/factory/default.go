// Package factory builds the real Factory: config from disk, the local
// store, the HTTP client and, for the sandbox profile, the in-process
// sandbox, each on first use.
package factory

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/store"
)

// New returns a Factory bound to the process's streams.
func New(appVersion string) *cmdutil.Factory {
	f := &cmdutil.Factory{
		AppVersion: appVersion,
		IOStreams:  iostreams.System(),
		Globals:    &cmdutil.GlobalOptions{},
		Now:        time.Now,
	}
	var (
		cfgOnce   sync.Once
		cfg       *config.Config
		cfgErr    error
		profOnce  sync.Once
		prof      *config.Profile
		profErr   error
		storeOnce sync.Once
		st        *store.Store
		stErr     error
		sb        *sandbox.Server
		httpOnce  sync.Once
		client    *http.Client
		prOnce    sync.Once
		pr        prompter.Prompter
	)
	f.Config = func() (*config.Config, error) {
		cfgOnce.Do(func() {
			path := f.Globals.ConfigPath
			if path == "" {
				path = config.DefaultPath()
			}
			cfg, cfgErr = config.Load(path)
			if cfgErr == nil {
				for _, w := range cfg.Warnings {
					fmt.Fprintf(f.IOStreams.ErrOut, "%s %s\n", f.IOStreams.ErrColorScheme().Yellow("warning:"), w)
				}
			}
		})
		return cfg, cfgErr
	}
	f.Keyring = func() config.Keyring { return config.OSKeyring{} }
	f.Store = func() (*store.Store, error) {
		storeOnce.Do(func() { st, stErr = store.Open(store.DefaultPath(config.StateDir())) })
		return st, stErr
	}
	f.Profile = func() (*config.Profile, error) {
		profOnce.Do(func() { prof, sb, profErr = resolveProfile(f) })
		return prof, profErr
	}
	f.Settings = func() (*config.Profile, error) {
		if prof != nil {
			return prof, nil
		}
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		name, err := cmdutil.ProfileName(f)
		if err != nil {
			return nil, err
		}
		p, err := cfg.Profile(name, sandbox.Credentials(), f.Keyring())
		if err != nil {
			return nil, &failure.Error{Kind: failure.Usage, Message: err.Error()}
		}
		return p, nil
	}
	f.HttpClient = func() (*http.Client, error) {
		httpOnce.Do(func() {
			o := httpx.Options{
				Timeout: f.Globals.Timeout,
				DryRun:  f.Globals.DryRun, Curl: f.Globals.Curl, ShowSecrets: f.Globals.ShowSecrets,
				Out: f.IOStreams.Out, ForDisplay: f.IOStreams.IsStdoutTTY(),
				Profile: f.Globals.Profile,
			}
			if p, err := f.Profile(); err == nil {
				o.Profile = p.Name
			}
			if f.Globals.Verbose {
				o.Verbose = f.IOStreams.ErrOut
			}
			if !f.Globals.DryRun && !f.Globals.Curl {
				if s, err := f.Store(); err == nil {
					o.Journal = s.Journal()
				}
			}
			client = httpx.NewClient(o)
		})
		return client, nil
	}
	f.Prompter = func() prompter.Prompter {
		prOnce.Do(func() { pr = &prompter.Huh{In: f.IOStreams.In, Out: f.IOStreams.ErrOut} })
		return pr
	}
	f.OutputOptions = func() (output.Options, error) {
		o := output.Options{Format: f.Globals.Output, JQ: f.Globals.JQ, Template: f.Globals.Template, Pretty: f.IOStreams.IsStdoutTTY()}
		if o.Format == "" {
			if p, err := f.Settings(); err == nil {
				o.Format = p.Value(config.DefaultsSection, "output")
			}
		}
		if o.Format == "" {
			o.Format = "json"
			if f.IOStreams.IsStdoutTTY() {
				o.Format = "table"
			}
		}
		return o, output.ValidateOptions(o)
	}
	f.Cleanup = func() {
		if sb != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = sb.Close(ctx)
			cancel()
		}
		if st != nil {
			_ = st.Close()
		}
	}
	return f
}

// resolveProfile picks the profile (flag > INSURE_PROFILE > current-profile)
// and, for the sandbox profile, points it at a running sandbox.
func resolveProfile(f *cmdutil.Factory) (*config.Profile, *sandbox.Server, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, err
	}
	name, err := cmdutil.ProfileName(f)
	if err != nil {
		return nil, nil, err
	}
	p, err := cfg.Profile(name, sandbox.Credentials(), f.Keyring())
	if err != nil {
		return nil, nil, &failure.Error{Kind: failure.Usage, Message: err.Error()}
	}
	if !p.Sandbox {
		return p, nil, nil
	}
	if base := os.Getenv("INSURE_SANDBOX_URL"); base != "" {
		for _, prov := range config.Providers {
			if ep := sandbox.EndpointFromURL(base, prov); ep != "" {
				p.Set(prov, "endpoint", ep)
			}
		}
		return p, nil, nil
	}
	faults, err := sandbox.FaultsFromEnv()
	if err != nil {
		return nil, nil, &failure.Error{Kind: failure.Usage, Message: err.Error()}
	}
	srv, err := sandbox.New(sandbox.Options{StateDir: filepath.Join(config.StateDir(), "sandbox"), Faults: faults})
	if err != nil {
		return nil, nil, fmt.Errorf("starting the in-process sandbox: %w", err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		return nil, nil, fmt.Errorf("starting the in-process sandbox: %w", err)
	}
	for _, prov := range srv.Names() {
		p.Set(prov, "endpoint", srv.Endpoint(prov))
	}
	return p, srv, nil
}
