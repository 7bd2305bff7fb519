// Package configure implements `insure configure`, the interactive wizard.
package configure

import (
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/doctor"
	"github.com/insurekit/insure/pkg/cmd/profile/add"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/spf13/cobra"
)

// NewCmdConfigure builds `insure configure [NAME]`. Every question has a
// flag (--set, --secret-stdin, --provider), so a script can give every
// answer and never see a prompt.
func NewCmdConfigure(f *cmdutil.Factory, runF func(*add.Options) error) *cobra.Command {
	opts := &add.Options{IO: f.IOStreams, Registry: f.Registry, Config: f.Config, Keyring: f.Keyring, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:     "configure [NAME]",
		Short:   "Set up a profile interactively",
		GroupID: "setup",
		Long: `Ask for each provider's endpoint and credentials and save them as a profile
(default name "default"). Answers given as flags are not asked again; in a
script (no terminal, --no-input or CI) nothing is asked and the flags are
saved as they are, like insure profile add.`,
		Example: `  insure configure
  insure configure test --provider paoding
  printf %s "$PW" | insure configure ci --set paoding.username=acme \
    --secret-stdin paoding.password`,
		Args:              cmdutil.MaximumNArgs(1),
		ValidArgsFunction: cmdutil.FirstArgOnly(cmdutil.CompleteProfileNames(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = "default"
			if len(args) == 1 {
				opts.Name = args[0]
			}
			opts.Interactive = opts.IO.CanPrompt()
			if !opts.Interactive && len(opts.Values) == 0 && opts.SecretStdin == "" {
				why := "stdin or stdout is not a terminal"
				if opts.IO.IsStdinTTY() && opts.IO.IsStdoutTTY() {
					why = "prompts are turned off (--no-input or CI)"
				}
				return &failure.Error{Kind: failure.Usage,
					Message: "configure cannot ask its questions: " + why,
					Hint:    "pass the answers as flags: insure configure NAME --set provider.key=value [--secret-stdin provider.key]"}
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.Interactive {
				opts.Prompter = backToProviders(opts.Prompter)
			}
			// shift+tab on the first provider page goes back to the
			// choice of providers: the pages asked follow from it.
			err := add.Run(opts)
			for errors.Is(err, prompter.ErrBackToChoice) {
				err = add.Run(opts)
			}
			if err != nil {
				return err
			}
			if opts.Interactive {
				return offerDoctor(cmd, f, opts)
			}
			return nil
		},
	}
	add.AddFlags(cmd, opts)
	cmd.Flags().StringSliceVar(&opts.Providers, "provider", nil, "Only ask about these providers ("+strings.Join(f.Registry.Names(), ", ")+")")
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(f.Registry.Names(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// backToProviders is the wizard's prompter, made on first use: one that
// can go back from the first provider page to the choice of providers,
// keeping the answers given.
func backToProviders(newPrompter func() prompter.Prompter) func() prompter.Prompter {
	var p prompter.Prompter
	return func() prompter.Prompter {
		if p == nil {
			p = prompter.BackToChoice(newPrompter())
		}
		return p
	}
}

// offerDoctor ends the wizard by offering to check the profile it saved.
// The profile is saved whatever the checks find, so configure still exits
// 0; the checklist says what to fix.
func offerDoctor(cmd *cobra.Command, f *cmdutil.Factory, opts *add.Options) error {
	name := config.NormalizeProfileName(opts.Name)
	defer useHint(opts, name)
	run, err := opts.Prompter().Confirm("Check the profile now (insure doctor: endpoints, clock, credentials)?", true)
	if errors.Is(err, prompter.ErrAborted) {
		return savedNotChecked{profile: name}
	}
	if err != nil {
		return err
	}
	if !run {
		fmt.Fprintf(opts.IO.ErrOut, "Check it later with: insure -p %s doctor\n", name)
		return nil
	}
	f.Globals.Profile = name
	d := doctor.NewOptions(f)
	d.Context = cmd.Context()
	if len(opts.Providers) == 1 {
		d.Provider = opts.Providers[0]
	}
	if err := doctor.Run(d); err != nil && failure.KindOf(err) != failure.Unexpected {
		fmt.Fprintf(opts.IO.ErrOut, "The profile is saved. Fix what is listed above, then run: insure -p %s doctor\n", name)
	} else if err != nil {
		return err
	}
	return nil
}

// useHint says how to use a profile the wizard saved that is not the
// current one: commands without -p go on using the current profile, so
// "insure token get" after setting up a second profile checked the first.
func useHint(opts *add.Options, name string) {
	cfg, err := opts.Config()
	if err != nil || cfg.File.CurrentProfile == name {
		return
	}
	fmt.Fprintf(opts.IO.ErrOut, "Profile %s is not the current one (%s is): pass -p %s, or make it current with: insure profile use %s\n",
		name, cfg.File.CurrentProfile, name, name)
}

// savedNotChecked is Ctrl-C or Esc at the offer to check the profile:
// exit 130, as at any prompt (it wraps prompter.ErrAborted), but the
// profile was saved by then, so the message says that rather than
// "nothing was sent" under the line saying the profile was created.
type savedNotChecked struct{ profile string }

func (e savedNotChecked) Error() string {
	return fmt.Sprintf("interrupted at a prompt (Ctrl-C or Esc); profile %s is saved but was not checked: insure -p %s doctor checks it", e.profile, e.profile)
}
func (savedNotChecked) Unwrap() error { return prompter.ErrAborted }
