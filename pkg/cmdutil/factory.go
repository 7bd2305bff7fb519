// Package cmdutil holds what every command shares: the Factory that hands
// out dependencies lazily, the global options, error-to-exit-code mapping
// and the confirmation rule for acts that buy, issue or cancel.
package cmdutil

import (
	"net/http"
	"time"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// GlobalOptions are the root command's persistent flags, after the
// environment and the profile have filled what the flags left unset.
type GlobalOptions struct {
	Profile     string
	ConfigPath  string
	Output      string
	JQ          string
	Template    string
	Verbose     bool
	DryRun      bool
	Curl        bool
	ShowSecrets bool
	Timeout     time.Duration
	// TimeoutSet says --timeout or INSURE_TIMEOUT was given: the profile's
	// defaults.timeout then does not apply.
	TimeoutSet bool
	CACert     string // --cacert: a PEM file of CAs trusted besides the system roots
	NoColor    bool
	NoInput    bool
	Yes        bool
	// Batch is set by --batch, not a flag of its own: its progress bar
	// owns stderr, so no single request's waiting note is written.
	Batch bool
}

// Factory hands out dependencies. Every func builds on first call and
// caches, so `insure version` and `--help` open no store, start no sandbox
// and load no prompt library.
type Factory struct {
	AppVersion string
	IOStreams  *iostreams.IOStreams
	Globals    *GlobalOptions
	// Registry lists the providers; everything outside providers/ learns
	// about them here.
	Registry *registry.Registry

	Config func() (*config.Config, error)
	// ReportsConfigWarnings is set by a command that lists the config
	// file's warnings in its own output (doctor), before it loads the
	// config: Config then does not also print them on stderr.
	ReportsConfigWarnings bool
	Profile               func() (*config.Profile, error)
	// Settings resolves the profile's values without starting the sandbox
	// (its endpoints are then unset): for sign and other offline commands.
	Settings   func() (*config.Profile, error)
	HttpClient func() (*http.Client, error)
	// Client builds (once) the selected profile's client of one provider
	// from the registry; the typed accessors (Ebao, Paoding...) wrap it.
	Client   func(provider string) (any, error)
	Store    func() (*store.Store, error)
	Prompter func() prompter.Prompter
	Keyring  func() config.Keyring
	// OutputOptions resolves -o (flag > env > profile > TTY) with --jq and
	// --template.
	OutputOptions func() (output.Options, error)
	Now           func() time.Time

	// Cleanup releases what was built (store, in-process sandbox).
	Cleanup func()
}

// ProfileName is the selected profile's name without resolving it, for
// commands that only touch the local store (no sandbox is started).
func ProfileName(f *Factory) (string, error) {
	if f.Globals.Profile != "" {
		return f.Globals.Profile, nil
	}
	cfg, err := f.Config()
	if err != nil {
		return "", err
	}
	if cfg.File.CurrentProfile == "" {
		return "", &failure.Error{Kind: failure.Usage, Message: "no profile selected",
			Hint: "try the built-in sandbox with `-p sandbox`, or create a profile with `insure configure`"}
	}
	return cfg.File.CurrentProfile, nil
}

// SettingsOrEnvironment resolves the selected profile's settings or, when
// no usable profile is selected, the environment's alone, so offline
// commands (sign) work on a machine with nothing configured.
func SettingsOrEnvironment(f *Factory) func() (*config.Profile, error) {
	return func() (*config.Profile, error) {
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		if p, err := f.Settings(); err == nil {
			return p, nil
		}
		return cfg.EnvironmentProfile(), nil
	}
}
