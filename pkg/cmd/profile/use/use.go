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
		Use:               "use NAME",
		Short:             "Make a profile the current one",
		Args:              cmdutil.ExactArgs(1),
		ValidArgsFunction: cmdutil.FirstArgOnly(cmdutil.CompleteProfileNames(f)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run switches the current profile (names are matched without case).
func Run(opts *Options) error {
	name := config.NormalizeProfileName(opts.Name)
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	err = cfg.Update(func(c *config.Config) error {
		if _, ok := c.File.Profiles[name]; !ok && name != config.SandboxProfile {
			return &failure.Error{Kind: failure.Usage, Message: (&config.ErrUnknownProfile{Name: name, Known: c.ProfileNames()}).Error()}
		}
		c.File.CurrentProfile = name
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Now using profile %q\n", opts.IO.ErrColorScheme().SuccessIcon(), name)
	for _, fe := range cfg.Problems(name) {
		fmt.Fprintf(opts.IO.ErrOut, "%s profile %q: %s\n", opts.IO.ErrColorScheme().Yellow("warning:"), name, fe.String())
	}
	return nil
}
