// Package use implements `insure profile use`.
package use

import (
	"fmt"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
)

// Options for `profile use`.
type Options struct {
	IO     *iostreams.IOStreams
	Config func() (*config.Config, error)
	Name   string
}

// NewCmdUse builds the command.
func NewCmdUse(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Config: f.Config}
	return &cobra.Command{
		Use:   "use NAME",
		Short: "Make a profile the current one",
		Args:  cmdutil.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run switches the current profile.
func Run(opts *Options) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	if _, ok := cfg.File.Profiles[opts.Name]; !ok && opts.Name != config.SandboxProfile {
		return &failure.Error{Kind: failure.Usage, Message: (&config.ErrUnknownProfile{Name: opts.Name, Known: cfg.ProfileNames()}).Error()}
	}
	cfg.File.CurrentProfile = opts.Name
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Now using profile %q\n", opts.IO.ErrColorScheme().SuccessIcon(), opts.Name)
	return nil
}
