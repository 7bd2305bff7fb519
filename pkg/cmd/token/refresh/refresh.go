// Package refresh implements `insure token refresh`.
package refresh

import (
	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdRefresh builds the command. It shares get's Options and Run: the
// only difference is which provider call obtains the token.
func NewCmdRefresh(f *cmdutil.Factory, runF func(*get.Options) error) *cobra.Command {
	opts := get.NewOptions(f)
	opts.Refresh = true
	cmd := &cobra.Command{
		Use:   "refresh",
		Short: "Extend the cached token's life with its single-use refresh token",
		Long: `Spend the cached refresh token to reset the token's lifetime. A refresh
token works once; insure holds a lock in the local store while refreshing so
two processes never spend it twice. When it is already spent, insure logs in
afresh.`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.ShowSecrets = f.Globals.ShowSecrets
			if err := get.ResolveProvider(f.Registry, &opts.Provider); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return get.Run(opts)
		},
	}
	get.AddProviderFlag(cmd, f.Registry, &opts.Provider)
	return cmd
}
