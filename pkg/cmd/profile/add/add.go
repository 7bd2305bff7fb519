// Package add implements `insure profile add` and the engine behind
// `insure configure`.
package add

import (
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/cobra"
)

// Options for adding or updating a profile.
type Options struct {
	IO       *iostreams.IOStreams
	Registry *registry.Registry
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
	opts := &Options{IO: f.IOStreams, Registry: f.Registry, Config: f.Config, Keyring: f.Keyring, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Create or update a profile from flags (for scripts)",
		Long: `Create or update a profile without prompts. Non-secret settings come from
--set provider.key=value; a secret comes from stdin with --secret-stdin,
never from a flag (flags show in ps). For a guided setup use insure configure.`,
		Example: `  insure profile add prod --set ebao.access-key=AK --use
  insure profile add test --set paoding.endpoint=http://openapi4s.beitaijf.cn \
    --set paoding.username=acme
  printf %s "$PAODING_PASSWORD" | insure profile add test \
    --secret-stdin paoding.password`,
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
	_ = cmd.RegisterFlagCompletionFunc("set", completeKeys(opts.Registry, false))
	_ = cmd.RegisterFlagCompletionFunc("secret-stdin", completeKeys(opts.Registry, true))
}

// completeKeys completes provider.key names from the registry: the
// non-secret ones for --set (with "="), the secret ones for --secret-stdin.
func completeKeys(reg *registry.Registry, secrets bool) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, word string) ([]string, cobra.ShellCompDirective) {
		if values, ok := cmdutil.CompleteSettingChoices(reg, word); ok && !secrets {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
		if key, typed, found := strings.Cut(word, "="); found && !secrets {
			// defaults.output= offers its formats, as a provider's
			// setting with choices does.
			var values []string
			for _, f := range config.DefaultsFields() {
				if strings.EqualFold(key, config.DefaultsSection+"."+f.Key) {
					for _, c := range f.Choices {
						if strings.HasPrefix(c, strings.ToLower(typed)) {
							values = append(values, key+"="+c)
						}
					}
				}
			}
			if len(values) > 0 {
				return values, cobra.ShellCompDirectiveNoFileComp
			}
		}
		if strings.Contains(word, "=") {
			// A free value after KEY=: nothing to offer. Offering every
			// key again made bash list them for a value being typed.
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, p := range reg.All() {
			for _, f := range p.Settings {
				if f.Secret != secrets {
					continue
				}
				name := p.Name + "." + f.Key
				if !secrets {
					name += "="
				}
				out = append(out, name+"\t"+f.Label)
			}
		}
		if !secrets {
			// A profile's own defaults of global flags (defaults.rate,
			// defaults.output...), which the docs describe by these names.
			for _, f := range config.DefaultsFields() {
				out = append(out, config.DefaultsSection+"."+f.Key+"=\t"+f.Label)
			}
		}
		directive := cobra.ShellCompDirectiveNoFileComp
		if !secrets {
			directive |= cobra.ShellCompDirectiveNoSpace
		}
		return out, directive
	}
}

// Run adds or updates the profile. Profile names are case-insensitive
// and saved lower-case. The file is changed under its lock, re-read
// first, so concurrent adds all survive.
func Run(opts *Options) error {
	if err := config.ValidProfileName(opts.Name); err != nil {
		hint := "a profile name is letters, digits, - and _, for example prod-1"
		if config.NormalizeProfileName(opts.Name) == config.SandboxProfile {
			// Its name is fine; the profile is not insure's to change.
			hint = "pick another name for a profile of your own (insure profile add my-sandbox --set provider.key=value); " +
				"the sandbox's own defaults are written in the config file by hand: profiles: {sandbox: {defaults: {output: json}}}"
		}
		return &failure.Error{Kind: failure.Usage, Message: err.Error(), Hint: hint}
	}
	name := config.NormalizeProfileName(opts.Name)
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	var sets []setting
	var bad []failure.FieldError
	for _, v := range opts.Values {
		s, fe := parseSetting(cfg, v)
		if fe != nil {
			bad = append(bad, *fe)
			continue
		}
		sets = append(sets, s)
	}
	for i, pr := range opts.Providers {
		pr = strings.ToLower(strings.TrimSpace(pr))
		opts.Providers[i] = pr
		if _, ok := cfg.Schema.Lookup(pr); !ok {
			rule := fmt.Sprintf("unknown provider %q (one of %s)", pr, strings.Join(cfg.Providers(), ", "))
			if near := registry.Closest(pr, cfg.Providers()); near != "" {
				rule += "; did you mean " + near + "?"
			}
			bad = append(bad, failure.FieldError{Field: "--provider", Rule: rule, Example: "--provider " + cfg.Providers()[0]})
		}
	}
	if opts.SecretStdin != "" {
		prov, key, ok := strings.Cut(opts.SecretStdin, ".")
		prov, key = strings.ToLower(strings.TrimSpace(prov)), strings.ToLower(strings.TrimSpace(key))
		example := `printf %s "$SECRET" | insure profile add ` + name + ` --secret-stdin ` + prov + "." + key
		if !ok || prov == "" || key == "" {
			bad = append(bad, failure.FieldError{Field: "--secret-stdin", Rule: "want provider.key", Example: "paoding.password"})
		} else if fe := cfg.CheckKey(prov, key); fe != nil {
			fe.Field = "--secret-stdin " + fe.Field
			bad = append(bad, *fe)
		} else if opts.IO.IsStdinTTY() {
			// Reading a terminal to its end would wait without a word
			// and show the secret on the screen as it is typed. The
			// wizard asks for it instead, with the answer hidden.
			if !opts.Interactive {
				bad = append(bad, failure.FieldError{Field: "--secret-stdin " + prov + "." + key,
					Rule:    "reads the secret from a pipe, but stdin is a terminal (what you type would show on the screen)",
					Example: example + ", or insure configure " + name + " --provider " + prov + " to be asked with the answer hidden"})
			}
		} else if secret, err := cmdutil.ReadSecretStdin(opts.IO.In, "--secret-stdin", example); err != nil {
			bad = append(bad, failure.FieldError{Field: "--secret-stdin", Rule: "stdin must carry the secret", Example: example})
		} else {
			secret = config.NormalizeKeyValue(key, secret)
			fe := checkRule(cfg, prov, key, secret)
			if fe == nil {
				fe = config.CheckStdinKey(name, prov, key, secret)
			}
			if fe != nil {
				fe.Field = "--secret-stdin " + fe.Field
				bad = append(bad, *fe)
			} else {
				sets = append(sets, setting{prov, key, secret})
			}
		}
	}
	if len(bad) > 0 {
		return invalidNothingWritten(failure.Invalid("", "profile add", bad...))
	}
	if opts.Interactive && opts.UseKeyring {
		// Find out now that there is no keyring, not after every
		// question has been answered and the answers are thrown away.
		if err := probeKeyring(opts.Keyring()); err != nil {
			return keyringError(name, "", err)
		}
	}
	if opts.Interactive {
		// Asked before taking the lock: a person may take minutes.
		asked, err := ask(opts, cfg, cfg.File.Profiles[name], sets)
		if errors.Is(err, prompter.ErrAborted) {
			return errAbortedNothingWritten
		}
		if err != nil {
			return err
		}
		for i, s := range asked {
			asked[i].value = normalizeValue(cfg, s.provider, s.key, s.value)
			if fe := checkValue(cfg, s.provider, s.key, asked[i].value); fe != nil {
				bad = append(bad, *fe)
			}
		}
		if len(bad) > 0 {
			return invalidNothingWritten(failure.Invalid("", "configure", bad...))
		}
		sets = append(sets, asked...)
	}
	for i, s := range sets {
		if cfg.IsSecretKey(s.provider, s.key) && opts.UseKeyring {
			if err := opts.Keyring().Set(config.KeyringService, config.KeyringUser(name, s.provider, s.key), s.value); err != nil {
				return keyringError(name, s.provider+"."+s.key, err)
			}
			sets[i].value = config.KeyringMarker
		}
	}
	isNew := false
	err = cfg.Update(func(c *config.Config) error {
		if c.File.Profiles == nil {
			c.File.Profiles = map[string]map[string]config.Section{}
		}
		prof := c.File.Profiles[name]
		if prof == nil {
			isNew = true
			prof = map[string]config.Section{}
			c.File.Profiles[name] = prof
		}
		for _, s := range sets {
			if prof[s.provider] == nil {
				prof[s.provider] = config.Section{}
			}
			prof[s.provider][s.key] = s.value
		}
		if opts.Use || c.File.CurrentProfile == "" {
			c.File.CurrentProfile = name
		}
		return nil
	})
	if err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) {
			return err // names the file already
		}
		return fmt.Errorf("saving %s: %w", cfg.Path, err)
	}
	cs := opts.IO.ErrColorScheme()
	verb := "Updated"
	if isNew {
		verb = "Created"
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s %s profile %q in %s", cs.SuccessIcon(), verb, name, cfg.Path)
	if cfg.File.CurrentProfile == name {
		fmt.Fprint(opts.IO.ErrOut, " (current)")
	}
	fmt.Fprintln(opts.IO.ErrOut)
	if name != opts.Name {
		fmt.Fprintf(opts.IO.ErrOut, "Profile names are case-insensitive and saved in lower case: use -p %s or -p %s\n", opts.Name, name)
	}
	for _, fe := range cfg.Problems(name) {
		fmt.Fprintf(opts.IO.ErrOut, "%s profile %q: %s\n", cs.Yellow("warning:"), name, fe.String())
	}
	if isNew && len(sets) == 0 {
		// Nothing given and nothing asked (a script): an empty profile
		// can send nothing, and the next command fails for want of a
		// setting without saying the profile was never filled in.
		fmt.Fprintf(opts.IO.ErrOut, "Profile %q has no settings yet: add them with --set PROVIDER.KEY=VALUE (and --secret-stdin for secrets), or run insure configure %s at a terminal\n", name, name)
	}
	return nil
}
