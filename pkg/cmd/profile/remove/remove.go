// Package remove implements `insure profile remove`.
package remove

import (
	"fmt"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/spf13/cobra"
)

// Options for `profile remove`.
type Options struct {
	IO       *iostreams.IOStreams
	Config   func() (*config.Config, error)
	Keyring  func() config.Keyring
	Prompter func() prompter.Prompter
	Globals  *cmdutil.GlobalOptions
	Name     string
}

// NewCmdRemove builds the command.
func NewCmdRemove(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Config: f.Config, Keyring: f.Keyring, Prompter: f.Prompter, Globals: f.Globals}
	return &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Delete a profile and its keyring secrets",
		Args:    cmdutil.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run deletes the profile.
func Run(opts *Options) error {
	if opts.Name == config.SandboxProfile {
		return &failure.Error{Kind: failure.Usage, Message: `"sandbox" is built in and cannot be removed`}
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	prof, ok := cfg.File.Profiles[opts.Name]
	if !ok {
		return &failure.Error{Kind: failure.Usage, Message: (&config.ErrUnknownProfile{Name: opts.Name, Known: cfg.ProfileNames()}).Error()}
	}
	if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Globals.Yes, fmt.Sprintf("Delete profile %q?", opts.Name)); err != nil {
		return err
	}
	for prov, sec := range prof {
		for key, v := range sec {
			if v == config.KeyringMarker {
				_ = opts.Keyring().Delete(config.KeyringService, config.KeyringUser(opts.Name, prov, key))
			}
		}
	}
	delete(cfg.File.Profiles, opts.Name)
	if cfg.File.CurrentProfile == opts.Name {
		cfg.File.CurrentProfile = ""
	}
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Removed profile %q\n", opts.IO.ErrColorScheme().SuccessIcon(), opts.Name)
	return nil
}
