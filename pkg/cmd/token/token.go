// Package token groups `insure token get|refresh|show|clear`.
package token

import (
	"github.com/insurekit/insure/pkg/cmd/token/clear"
	"github.com/insurekit/insure/pkg/cmd/token/get"
	"github.com/insurekit/insure/pkg/cmd/token/refresh"
	"github.com/insurekit/insure/pkg/cmd/token/show"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdToken builds `insure token`.
func NewCmdToken(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "token <command>",
		Short:   "Obtain, refresh, inspect and forget provider login tokens",
		GroupID: "work",
		Long: `Providers that log in with tokens (Paoding, Bihu) have them cached in the
local store per profile. Other commands obtain and refresh tokens by
themselves; these commands are for checking credentials and for support.
For Bihu, refresh means logging in again; clear forgets the local copy and
leaves the server session to expire.`,
	}
	cmd.AddCommand(get.NewCmdGet(f, nil), refresh.NewCmdRefresh(f, nil), show.NewCmdShow(f, nil), clear.NewCmdClear(f, nil))
	return cmd
}
