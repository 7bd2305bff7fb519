// Package history groups `insure history list|show|export|prune`: the local
// journal of every request insure sent, secrets masked, personal data
// masked on display.
package history

import (
	"github.com/insurekit/insure/pkg/cmd/history/export"
	"github.com/insurekit/insure/pkg/cmd/history/list"
	"github.com/insurekit/insure/pkg/cmd/history/prune"
	"github.com/insurekit/insure/pkg/cmd/history/show"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdHistory builds `insure history`.
func NewCmdHistory(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "history <command>",
		Short:   "Look up requests insure has sent (the local journal)",
		GroupID: "setup",
	}
	cmd.AddCommand(list.NewCmdList(f, nil), show.NewCmdShow(f, nil), prune.NewCmdPrune(f, nil), export.NewCmdExport(f, nil))
	return cmd
}
