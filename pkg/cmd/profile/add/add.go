// Package add implements `insure profile add` and the engine behind
// `insure configure`.
package add

import (
	"fmt"

	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/spf13/cobra"
)

// Options for adding or updating a profile.
type Options struct {
	IO       *iostreams.IOStreams
	Config   func() (*config.Config, error)
	Keyring  func() config.Keyring
	Prompter func() prompter.Prompter

	Name string
	// Values are provider.key=value pairs for non-secret settings.
	Values []string
	// SecretStdin names one provider.key secret read from stdin.
	SecretStdin string
	// Keyring stores secrets in the OS keyring instead of the file.
	UseKeyring bool
	// Use makes the profile current.
	Use bool
	// Interactive asks for whatever flags did not give (configure).
	Interactive bool
	// Providers limits the wizard to these providers.
	Providers []string
}

// NewCmdAdd builds `insure profile add`.
func NewCmdAdd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Config: f.Config, Keyring: f.Keyring, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Create or update a profile from flags (for scripts)",
		Long: `Create or update a profile without prompts. Non-secret settings come from
--set provider.key=value; a secret comes from stdin with --secret-stdin,
never from a flag (flags show in ps). For a guided setup use insure configure.`,
		Example: `  insure profile add test --set paoding.endpoint=http://openapi4s.beitaijf.cn --set paoding.username=acme
  printf %s "$PAODING_PASSWORD" | insure profile add test --secret-stdin paoding.password
  insure profile add prod --set ebao.access-key=AK --use`,
		Args: cmdutil.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	AddFlags(cmd, opts)
	return cmd
}

// AddFlags registers the flags shared by `profile add` and `configure`.
func AddFlags(cmd *cobra.Command, opts *Options) {
	cmd.Flags().StringArrayVar(&opts.Values, "set", nil, "Set provider.key=value (repeatable; not for secrets)")
	cmd.Flags().StringVar(&opts.SecretStdin, "secret-stdin", "", "Read the secret provider.key from stdin (e.g. paoding.password)")
	cmd.Flags().BoolVar(&opts.UseKeyring, "keyring", false, "Keep secrets in the OS keyring instead of the config file")
	cmd.Flags().BoolVar(&opts.Use, "use", false, "Make this the current profile")
}

type setting struct{ provider, key, value string }

func parseSetting(cfg *config.Config, s string) (setting, error) {
	kv, value, ok := strings.Cut(s, "=")
	prov, key, ok2 := strings.Cut(kv, ".")
	if !ok || !ok2 || prov == "" || key == "" {
		return setting{}, fmt.Errorf("--set %q: want provider.key=value, for example paoding.username=acme", s)
	}
	known := false
	for _, p := range append([]string{config.DefaultsSection}, cfg.Providers()...) {
		if p == prov {
			known = true
		}
	}
	if !known {
		return setting{}, fmt.Errorf("--set %q: unknown provider %q (one of %s, or defaults)", s, prov, strings.Join(cfg.Providers(), ", "))
	}
	return setting{prov, key, value}, nil
}

// Run adds or updates the profile.
func Run(opts *Options) error {
	if err := config.ValidProfileName(opts.Name); err != nil {
		return &failure.Error{Kind: failure.Usage, Message: err.Error()}
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	var sets []setting
	var bad []failure.FieldError
	for _, v := range opts.Values {
		s, err := parseSetting(cfg, v)
		if err != nil {
			bad = append(bad, failure.FieldError{Field: "--set", Rule: err.Error()})
			continue
		}
		if cfg.IsSecretKey(s.provider, s.key) {
			bad = append(bad, failure.FieldError{Field: "--set " + s.provider + "." + s.key,
				Rule: "secrets are not taken from flags (they would show in ps)", Example: "--secret-stdin " + s.provider + "." + s.key + ", or " + config.EnvName(s.provider, s.key)})
			continue
		}
		sets = append(sets, s)
	}
	if opts.SecretStdin != "" {
		prov, key, ok := strings.Cut(opts.SecretStdin, ".")
		if !ok {
			bad = append(bad, failure.FieldError{Field: "--secret-stdin", Rule: "want provider.key", Example: "paoding.password"})
		} else {
			secret, err := cmdutil.ReadSecretStdin(opts.IO.In, "--secret-stdin", `printf %s "$SECRET" | insure profile add NAME --secret-stdin `+opts.SecretStdin)
			if err != nil {
				bad = append(bad, failure.FieldError{Field: "--secret-stdin", Rule: "stdin must carry the secret", Example: `printf %s "$SECRET" | insure profile add NAME --secret-stdin ` + opts.SecretStdin})
			} else {
				sets = append(sets, setting{prov, key, secret})
			}
		}
	}
	if len(bad) > 0 {
		return failure.Invalid("", "profile add", bad...)
	}
	if cfg.File.Profiles == nil {
		cfg.File.Profiles = map[string]map[string]config.Section{}
	}
	prof := cfg.File.Profiles[opts.Name]
	isNew := prof == nil
	if prof == nil {
		prof = map[string]config.Section{}
	}
	if opts.Interactive {
		asked, err := ask(opts, cfg, prof, sets)
		if err != nil {
			return err
		}
		sets = append(sets, asked...)
	}
	for _, s := range sets {
		if prof[s.provider] == nil {
			prof[s.provider] = config.Section{}
		}
		value := s.value
		if cfg.IsSecretKey(s.provider, s.key) && opts.UseKeyring {
			if err := opts.Keyring().Set(config.KeyringService, config.KeyringUser(opts.Name, s.provider, s.key), s.value); err != nil {
				return fmt.Errorf("storing %s.%s in the OS keyring: %w (drop --keyring to keep it in the 0600 config file)", s.provider, s.key, err)
			}
			value = config.KeyringMarker
		}
		prof[s.provider][s.key] = value
	}
	cfg.File.Profiles[opts.Name] = prof
	if opts.Use || cfg.File.CurrentProfile == "" {
		cfg.File.CurrentProfile = opts.Name
	}
	if err := cfg.Save(); err != nil {
		return fmt.Errorf("saving %s: %w", cfg.Path, err)
	}
	cs := opts.IO.ErrColorScheme()
	verb := "Updated"
	if isNew {
		verb = "Created"
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s %s profile %q in %s", cs.SuccessIcon(), verb, opts.Name, cfg.Path)
	if cfg.File.CurrentProfile == opts.Name {
		fmt.Fprint(opts.IO.ErrOut, " (current)")
	}
	fmt.Fprintln(opts.IO.ErrOut)
	return nil
}

// ask runs the wizard for every field the flags left unset.
func ask(opts *Options, cfg *config.Config, prof map[string]config.Section, given []setting) ([]setting, error) {
	p := opts.Prompter()
	have := map[string]bool{}
	for _, s := range given {
		have[s.provider+"."+s.key] = true
	}
	provs := opts.Providers
	if len(provs) == 0 {
		var defaults []string
		all := cfg.Providers()
		for _, pr := range all {
			if prof[pr] != nil {
				defaults = append(defaults, pr)
			}
		}
		if len(defaults) == 0 && len(all) > 0 {
			defaults = all[:1]
		}
		idx, err := p.MultiSelect("Which providers does this profile talk to?", defaults, all)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			provs = append(provs, all[i])
		}
	}
	// One form for every field: questions typed ahead are never lost
	// between prompts, and the terminal is set up once.
	var qs []prompter.Question
	for _, pr := range provs {
		d, ok := cfg.Schema.Lookup(pr)
		if !ok {
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("unknown provider %q (one of %s)", pr, strings.Join(cfg.Providers(), ", "))}
		}
		for _, fld := range d.Settings {
			if have[pr+"."+fld.Key] {
				continue
			}
			q := prompter.Question{Key: pr + "." + fld.Key, Label: fld.Label, Secret: fld.Secret, Group: pr}
			if fld.Secret {
				if prof[pr][fld.Key] != "" {
					q.Label += " (leave empty to keep the current one)"
				}
			} else {
				q.Default = prof[pr][fld.Key]
				if q.Default == "" {
					q.Default = fld.Default
				}
				if fld.Example != "" && q.Default == "" {
					q.Label += " (e.g. " + fld.Example + ")"
				}
			}
			qs = append(qs, q)
		}
	}
	answers, err := prompter.AskAll(p, qs)
	if err != nil {
		return nil, err
	}
	var out []setting
	for _, q := range qs {
		if v := answers[q.Key]; v != "" {
			prov, key, _ := strings.Cut(q.Key, ".")
			out = append(out, setting{prov, key, v})
		}
	}
	return out, nil
}
