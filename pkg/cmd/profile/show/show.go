// Package show implements `insure profile show`.
package show

import (
	"fmt"
	"io"
	"os"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/spf13/cobra"
)

// Options for `profile show`.
type Options struct {
	IO            *iostreams.IOStreams
	Config        func() (*config.Config, error)
	Keyring       func() config.Keyring
	OutputOptions func() (output.Options, error)
	Globals       *cmdutil.GlobalOptions
	Name          string
}

// Setting is one shown value; secrets are always masked.
type Setting struct {
	Provider string `json:"provider"`
	Key      string `json:"key"`
	Value    string `json:"value"`
	Secret   bool   `json:"secret"`
	Source   string `json:"source"`
	Env      string `json:"env"`
}

// NewCmdShow builds the command.
func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Config: f.Config, Keyring: f.Keyring, OutputOptions: f.OutputOptions, Globals: f.Globals}
	return &cobra.Command{
		Use:               "show [NAME]",
		Short:             "Show a profile's settings with secrets masked and where each value comes from",
		Args:              cmdutil.MaximumNArgs(1),
		ValidArgsFunction: cmdutil.FirstArgOnly(cmdutil.CompleteProfileNames(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Name = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run shows the profile.
func Run(opts *Options) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	name := opts.Name
	if name == "" {
		name = opts.Globals.Profile
	}
	if name == "" {
		name = cfg.File.CurrentProfile
	}
	if name == "" {
		return &failure.Error{Kind: failure.Usage, Message: "no profile selected", Hint: "name one: insure profile show NAME"}
	}
	// Show works on a profile with problems, to help fix it: they are
	// listed on stderr and under "problems".
	p, problems, err := cfg.Inspect(name, opts.Keyring())
	if err != nil {
		return &failure.Error{Kind: failure.Usage, Message: err.Error()}
	}
	name = p.Name
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	var settings []Setting
	// Sections, not Providers: the profile's own defaults (output,
	// timeout, cacert...) are settings too.
	for _, prov := range cfg.Sections() {
		if p.Sections[prov] == nil && !hasEnv(cfg, p, prov) {
			continue // not part of this profile: its defaults would only be noise
		}
		for _, key := range sectionKeys(cfg, p, prov) {
			v, src, gerr := p.Get(prov, key)
			env := config.EnvName(prov, key)
			if p.Sandbox && key == "endpoint" && src == "" {
				// Not set anywhere: the in-process sandbox serves it,
				// or the server INSURE_SANDBOX_URL names, which every
				// -p sandbox request then goes to.
				v, src = "(in-process sandbox, started on demand)", "sandbox"
				if u := os.Getenv(sandbox.URLVar); u != "" {
					v, src, env = sandbox.EndpointFromURL(cfg.Schema, u, prov), "env", sandbox.URLVar
				}
			}
			if gerr != nil {
				// Get names where the bad value came from: an
				// environment variable that breaks a rule is "env",
				// not the keyring.
				v = "(unreadable: " + gerr.Error() + ")"
				if src == "" {
					src = "keyring"
				}
			}
			if src == "" {
				continue
			}
			// A key the schema does not know may be a misspelt secret
			// ("pasword"): whether its value is hidden must not depend
			// on spelling it right.
			_, known := cfg.Field(prov, key)
			secret := cfg.IsSecretKey(prov, key) || !known
			if secret && gerr == nil {
				v = config.Mask(v)
			}
			settings = append(settings, Setting{prov, key, v, secret, src, env})
		}
	}
	data := map[string]any{"name": name, "current": name == cfg.File.CurrentProfile, "settings": settings}
	if len(problems) > 0 {
		data["problems"] = problems
		cs := opts.IO.ErrColorScheme()
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.Yellow("warning:"), cfg.ProblemsError(name, problems).Message)
		for _, fe := range problems {
			fmt.Fprintf(opts.IO.ErrOut, "  %s\n", fe.String())
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{
		Data: data,
		Table: func(w io.Writer) error {
			fmt.Fprintf(w, "Profile %s\n\n", name)
			t := output.NewTable(opts.IO.IsStdoutTTY(), "provider", "key", "value", "source")
			for _, s := range settings {
				t.Row(s.Provider, s.Key, s.Value, s.Source)
			}
			return t.Render(w)
		},
	})
}

// sectionKeys lists a section's keys in schema order, then the file's
// keys the schema does not know. Profile.Keys knows only the providers'
// schema, not the defaults section's.
func sectionKeys(cfg *config.Config, p *config.Profile, section string) []string {
	keys := cfg.Keys(section)
	known := map[string]bool{}
	for _, k := range keys {
		known[k] = true
	}
	for _, k := range p.Keys(section) {
		if !known[k] {
			keys = append(keys, k)
		}
	}
	return keys
}

func hasEnv(cfg *config.Config, p *config.Profile, provider string) bool {
	for _, key := range cfg.Keys(provider) {
		if _, ok := p.Env(provider, key); ok {
			return true
		}
	}
	return false
}
