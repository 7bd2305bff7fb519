package root

import (
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmd/profile"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// commands lists the top-level commands. A new command is one line here.
func commands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		profile.NewCmdProfile(f),
		configure.NewCmdConfigure(f, nil),
	}
}
