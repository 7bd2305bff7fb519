// Package profile groups the profile subcommands.
package profile

import (
	"github.com/insurekit/insure/pkg/cmd/profile/add"
	"github.com/insurekit/insure/pkg/cmd/profile/list"
	"github.com/insurekit/insure/pkg/cmd/profile/remove"
	"github.com/insurekit/insure/pkg/cmd/profile/show"
	"github.com/insurekit/insure/pkg/cmd/profile/use"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdProfile builds `insure profile`.
func NewCmdProfile(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "profile <command>",
		Short:   "Manage profiles: endpoints and credentials per environment",
		GroupID: "setup",
		Long: `A profile holds one section per provider with its endpoint and credentials.
Profiles live in $XDG_CONFIG_HOME/insure/config.yaml (mode 0600). Secrets may
live in the OS keyring instead, and any value can be overridden from the
environment as INSURE_<PROVIDER>_<FIELD>. The built-in profile "sandbox"
needs no configuration.`,
	}
	cmd.AddCommand(add.NewCmdAdd(f, nil))
	cmd.AddCommand(list.NewCmdList(f, nil))
	cmd.AddCommand(show.NewCmdShow(f, nil))
	cmd.AddCommand(use.NewCmdUse(f, nil))
	cmd.AddCommand(remove.NewCmdRemove(f, nil))
	return cmd
}
