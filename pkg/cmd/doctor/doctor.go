// Package doctor implements `insure doctor`: what an integration engineer
// runs first. It checks the config file, the keyring, and for each
// provider of the profile its settings, its endpoint (DNS, connection,
// TLS), the clock against the server's and the credentials, by one
// harmless call the provider's registry entry names.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/cobra"
)

// Options for `doctor`.
type Options struct {
	IO       *iostreams.IOStreams
	Registry *registry.Registry
	Config   func() (*config.Config, error)
	Settings func() (*config.Profile, error)
	// ProfileName is the selected profile's name (-p, INSURE_PROFILE or
	// current-profile), usable when Settings refuses the profile.
	ProfileName   func() (string, error)
	Profile       func() (*config.Profile, error)
	Client        func(provider string) (any, error)
	Keyring       func() config.Keyring
	OutputOptions func() (output.Options, error)
	Now           func() time.Time
	Timeout       time.Duration
	Context       context.Context
	// CACert is --cacert: a CA file trusted besides the system roots,
	// before the profile's defaults.cacert.
	CACert string
	// Proxy picks the proxy a request to a URL goes through (nil: none),
	// as insure's transport does: HTTPS_PROXY, HTTP_PROXY, NO_PROXY.
	Proxy func(*url.URL) (*url.URL, error)

	// Provider limits the checks to one provider.
	Provider string
}

// NewOptions fills Options from the Factory (configure runs doctor too).
func NewOptions(f *cmdutil.Factory) *Options {
	return &Options{IO: f.IOStreams, Registry: f.Registry, Config: f.Config, Settings: f.Settings, Profile: f.Profile,
		Client: f.Client, Keyring: f.Keyring, OutputOptions: f.OutputOptions, Now: f.Now, Timeout: f.Globals.Timeout, CACert: f.Globals.CACert,
		Proxy:       func(u *url.URL) (*url.URL, error) { return http.ProxyFromEnvironment(&http.Request{URL: u}) },
		ProfileName: func() (string, error) { return cmdutil.ProfileName(f) }}
}

func (o *Options) profileName() (string, error) {
	if o.ProfileName == nil {
		return "", errors.New("no profile name")
	}
	return o.ProfileName()
}

// NewCmdDoctor builds the command.
func NewCmdDoctor(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := NewOptions(f)
	cmd := &cobra.Command{
		Use:     "doctor [--provider NAME]",
		Short:   "Check a profile: config, keyring, endpoints, clock and credentials",
		GroupID: "setup",
		Long: `Check what a profile needs to work, provider by provider, and say what to
fix: the config file, its permissions and what it holds that insure
ignores (an unknown key), the OS keyring where the profile
keeps secrets there, the CA file of --cacert or defaults.cacert (trusted
by the checks below as by every request), then for each provider its
settings (and where each value came from: file, environment, keyring),
its endpoint (name lookup, connection, TLS; or, when HTTPS_PROXY or
HTTP_PROXY applies, the connection to the proxy), the clock against the
server's Date header where the provider's requests carry the time (it
fails beyond the skew the provider allows, and warns beyond 30s), and the
credentials, by one call that buys, issues and cancels nothing (a login,
a signed sample quotation, a page-colour transaction).

A checklist on a terminal, JSON in a pipe. Exit 0 only when every check
passes; otherwise the exit code of the first failure (2 the config file,
settings, a keyring that cannot be read or a clock too far off, 3
credentials the provider refused, 5 network, 6 verification).`,
		Example: `  insure -p sandbox doctor
  insure -p prod doctor --provider ebao
  insure -p prod doctor -o json --jq '.checks[] | select(.status=="fail")'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// The report lists the config file's warnings as checks.
			f.ReportsConfigWarnings = true
			opts.Timeout, opts.CACert = f.Globals.Timeout, f.Globals.CACert
			opts.Context = cmd.Context()
			if opts.Provider != "" {
				d, ok := f.Registry.Lookup(opts.Provider)
				if !ok {
					return cmdutil.FlagErrorf("--provider must be one of %s (got %q)", strings.Join(f.Registry.Names(), ", "), opts.Provider)
				}
				opts.Provider = d.Name
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Provider, "provider", "", "Check only this provider ("+strings.Join(f.Registry.Names(), ", ")+")")
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(f.Registry.Names(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Check is one line of the report.
type Check struct {
	Name     string `json:"name"`
	Provider string `json:"provider,omitempty"`
	// Status is pass, warn, fail or skip.
	Status  string `json:"status"`
	Detail  string `json:"detail"`
	Setting string `json:"setting,omitempty"`
	// Source says where the setting's value came from: file, env,
	// keyring, default or sandbox.
	Source string `json:"source,omitempty"`
	Hint   string `json:"hint,omitempty"`
	kind   failure.Kind
	// skew is the server's clock less this machine's, for the clock.
	skew time.Duration
}

// Report is the whole result.
type Report struct {
	Profile string  `json:"profile"`
	OK      bool    `json:"ok"`
	Checks  []Check `json:"checks"`
}

// Run checks and prints.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	ctx := opts.Context
	rep := &Report{OK: true}
	rep.Checks = append(rep.Checks, configChecks(opts, rep)...)
	rep.Checks = append(rep.Checks, environmentChecks(opts.Registry)...)
	if p, err := opts.Settings(); err == nil {
		rep.Profile = p.Name
		rep.Checks = append(rep.Checks, keyringCheck(opts, p))
		roots, ca, caOK := trustedCAs(opts, p)
		if ca != nil {
			rep.Checks = append(rep.Checks, *ca)
		}
		providers, problem := providersOf(opts, p)
		if problem != nil {
			rep.Checks = append(rep.Checks, *problem)
		}
		for _, d := range providers {
			if ctx.Err() != nil {
				rep.Checks = append(rep.Checks, Check{Name: "settings", Provider: d.Name, Status: "skip", Detail: "not checked: interrupted"})
				continue
			}
			if !caOK {
				// Every request needs the CA file: until it is fixed
				// the provider's own checks would only repeat it.
				rep.Checks = append(rep.Checks, Check{Name: "settings", Provider: d.Name, Status: "skip",
					Detail: "not checked: no request can be made until the CA file above is fixed"})
				continue
			}
			rep.Checks = append(rep.Checks, providerChecks(ctx, opts, d, roots)...)
		}
	}
	interrupted := ctx.Err() != nil
	if interrupted {
		rep.OK = false // not every check was made
		// A check cut off by the signal failed for no fault of the
		// endpoint or the credentials: it was not made.
		for i, c := range rep.Checks {
			if c.Status == "fail" && c.kind == failure.Network {
				rep.Checks[i].Status, rep.Checks[i].Detail, rep.Checks[i].Hint = "skip", "not checked: interrupted", ""
			}
		}
	}
	var first *Check
	for i, c := range rep.Checks {
		if c.Status == "fail" {
			rep.OK = false
			if first == nil {
				first = &rep.Checks[i]
			}
		}
	}
	if err := output.Print(opts.IO.Out, oo, output.Result{Data: rep, Table: func(w io.Writer) error { return render(w, opts.IO, rep) }}); err != nil {
		return err
	}
	if interrupted {
		// The exit code (130, 143, 129) comes from the signal; the report
		// above says which checks were not made.
		return &failure.Error{Kind: failure.Network, Message: "doctor was interrupted: the checks marked skip were not made; run it again",
			ResultPrinted: true}
	}
	if first == nil {
		return nil
	}
	failed := 0
	for _, c := range rep.Checks {
		if c.Status == "fail" {
			failed++
		}
	}
	// The report already says everything: the error only carries the exit
	// code and a one-line summary for stderr.
	return &failure.Error{Kind: first.kind, Message: fmt.Sprintf("%d of %d checks failed; the first: %s", failed, len(rep.Checks), strings.TrimSpace(first.Provider+" "+first.Name)),
		Reported: true}
}

func configChecks(opts *Options, rep *Report) []Check {
	cfg, err := opts.Config()
	if err != nil {
		rep.OK = false
		hint := "fix the file's YAML, or move it aside and run insure configure"
		if failure.KindOf(err) != failure.Usage {
			// Not a YAML problem: the file cannot be read at all.
			hint = "check the file's owner and permissions (ls -l), or point --config or INSURE_CONFIG at a readable file"
		}
		// The error's own hint is the precise one (a tab on line 3, a
		// profile written twice in different case).
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Hint != "" {
			hint = fe.Hint
		}
		return []Check{{Name: "config file", Status: "fail", Detail: err.Error(), kind: failure.Usage, Hint: hint}}
	}
	c := Check{Name: "config file", Status: "pass"}
	st, err := os.Stat(cfg.Path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		c.Detail = cfg.Path + " does not exist (the built-in sandbox profile needs none)"
	case err != nil:
		c.Status, c.Detail, c.kind = "fail", err.Error(), failure.Usage
	case st.Mode().Perm()&0o077 != 0:
		c.Status, c.kind = "fail", failure.Usage
		c.Detail = fmt.Sprintf("%s is %s", cfg.Path, config.ModeExposure(st.Mode()))
		c.Hint = "chmod 600 " + cfg.Path
	default:
		c.Detail = fmt.Sprintf("%s (mode %04o)", cfg.Path, st.Mode().Perm())
	}
	out := []Check{c}
	modeWarning := ""
	if st != nil {
		modeWarning = config.ModeWarning(cfg.Path, config.ModeExposure(st.Mode()))
	}
	for _, w := range cfg.Warnings {
		if w != modeWarning { // the check above
			out = append(out, Check{Name: "config file", Status: "warn", Detail: w})
		}
	}
	p, err := opts.Settings()
	if err == nil {
		return append(out, Check{Name: "profile", Status: "pass", Detail: "profile " + p.Name + " reads cleanly"})
	}
	// A profile whose file settings are unknown or invalid is refused by
	// Settings: list each bad setting with its fix, not one line telling
	// the user to pick another profile.
	if name, nerr := opts.profileName(); nerr == nil && name != "" {
		if ip, problems, ierr := cfg.Inspect(name, nil); ierr == nil && len(problems) > 0 {
			rep.Profile = ip.Name
			for _, fe := range problems {
				out = append(out, Check{Name: "profile setting", Status: "fail", Setting: fe.Field, Source: "file",
					Detail: fe.Rule, Hint: hintFor(fe, ip.Name), kind: failure.Usage})
			}
			return out
		}
	}
	return append(out, Check{Name: "profile", Status: "fail", Detail: err.Error(), kind: failure.Usage,
		Hint: "select a profile with -p NAME (insure profile list), or create one with insure configure"})
}

func hintFor(fe failure.FieldError, profile string) string {
	h := "fix it in the config file, or with insure profile add " + profile + " --set provider.key=value"
	if fe.Example != "" {
		h = "for example " + fe.Example + "; " + h
	}
	return h
}

// keyringCheck reads every secret the profile keeps in the OS keyring.
func keyringCheck(opts *Options, p *config.Profile) Check {
	var used []string
	for prov, sec := range p.Sections {
		for key, v := range sec {
			if v == config.KeyringMarker {
				used = append(used, prov+"."+key)
			}
		}
	}
	if len(used) == 0 {
		return Check{Name: "keyring", Status: "skip", Detail: "profile " + p.Name + " keeps no secret in the OS keyring"}
	}
	sort.Strings(used)
	// A secret the environment overrides is never read from the keyring:
	// saying it was read would hide a keyring that does not work.
	var read, overridden []string
	for _, name := range used {
		prov, key, _ := strings.Cut(name, ".")
		if _, ok := p.Env(prov, key); ok {
			overridden = append(overridden, name+" ("+config.EnvName(prov, key)+" overrides it)")
			continue
		}
		if _, _, err := p.Get(prov, key); err != nil {
			// A keyring that cannot be read is this machine's setup, not
			// credentials a provider refused: exit 2, as every command
			// (profile add --keyring, a request reading the secret) has it.
			return Check{Name: "keyring", Status: "fail", Setting: name, Source: "keyring", Detail: err.Error(), kind: failure.Usage,
				Hint: "unlock the keyring (a desktop session or a running secret service), set " + config.EnvName(prov, key) +
					", or keep the secret in the 0600 config file (insure profile add " + p.Name + " --secret-stdin " + name + ")"}
		}
		read = append(read, name)
	}
	if len(read) == 0 {
		return Check{Name: "keyring", Status: "skip", Detail: "not read: every secret profile " + p.Name + " keeps there comes from the environment: " + strings.Join(overridden, ", ")}
	}
	detail := "read " + strings.Join(read, ", ")
	if len(overridden) > 0 {
		detail += "; not read: " + strings.Join(overridden, ", ")
	}
	return Check{Name: "keyring", Status: "pass", Detail: detail}
}

// providersOf picks the providers to check: --provider, every provider of
// the sandbox profile, else those the profile (or the environment)
// configures.
func providersOf(opts *Options, p *config.Profile) ([]*registry.Provider, *Check) {
	if opts.Provider != "" {
		d, _ := opts.Registry.Lookup(opts.Provider)
		return []*registry.Provider{d}, nil
	}
	var out []*registry.Provider
	for _, d := range opts.Registry.All() {
		if p.Sandbox && d.Sandbox != nil || len(p.Sections[d.Name]) > 0 || envConfigures(d) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, &Check{Name: "providers", Status: "fail", kind: failure.Usage,
			Detail: "profile " + p.Name + " configures no provider",
			Hint:   "add one with insure configure " + p.Name + " --provider NAME"}
	}
	return out, nil
}

func envConfigures(d *registry.Provider) bool {
	for _, k := range d.Keys() {
		if os.Getenv(registry.EnvName(d.Name, k)) != "" {
			return true
		}
	}
	return false
}
