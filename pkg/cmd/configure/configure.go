// Package configure implements `insure configure`, the interactive wizard.
package configure

import (
	"github.com/insurekit/insure/pkg/cmd/profile/add"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

// NewCmdConfigure builds `insure configure [NAME]`. Every question has a
// flag (--set, --secret-stdin, --provider), so a script can give every
// answer and never see a prompt.
func NewCmdConfigure(f *cmdutil.Factory, runF func(*add.Options) error) *cobra.Command {
	opts := &add.Options{IO: f.IOStreams, Config: f.Config, Keyring: f.Keyring, Prompter: f.Prompter}
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
  printf %s "$PW" | insure configure ci --set paoding.username=acme --secret-stdin paoding.password`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = "default"
			if len(args) == 1 {
				opts.Name = args[0]
			}
			opts.Interactive = opts.IO.CanPrompt()
			if !opts.Interactive && len(opts.Values) == 0 && opts.SecretStdin == "" {
				return &failure.Error{Kind: failure.Usage,
					Message: "configure needs a terminal to ask questions",
					Hint:    "pass the answers as flags: insure configure NAME --set provider.key=value [--secret-stdin provider.key]"}
			}
			if runF != nil {
				return runF(opts)
			}
			return add.Run(opts)
		},
	}
	add.AddFlags(cmd, opts)
	cmd.Flags().StringSliceVar(&opts.Providers, "provider", nil, "Only ask about these providers (paoding, ebao, bihu, sunshine)")
	return cmd
}
