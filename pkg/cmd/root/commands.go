package root

import (
	"github.com/insurekit/insure/pkg/cmd/api"
	"github.com/insurekit/insure/pkg/cmd/cancel"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmd/doctor"
	"github.com/insurekit/insure/pkg/cmd/example"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmd/history"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/profile"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmd/renew"
	sandboxcmd "github.com/insurekit/insure/pkg/cmd/sandbox/serve"
	"github.com/insurekit/insure/pkg/cmd/sign"
	sunshinecmd "github.com/insurekit/insure/pkg/cmd/sunshine"
	"github.com/insurekit/insure/pkg/cmd/token"
	"github.com/insurekit/insure/pkg/cmd/vinreport"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// commands lists the top-level commands. A new command is one line here.
func commands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		quote.NewCmdQuote(f, nil),
		issue.NewCmdIssue(f, nil),
		cancel.NewCmdCancel(f, nil),
		renew.NewCmdRenew(f, nil),
		vinreport.NewCmdVinReport(f),
		token.NewCmdToken(f),
		profile.NewCmdProfile(f),
		sign.NewCmdSign(f),
		sunshinecmd.NewCmdSunshine(f),
		api.NewCmdAPI(f, nil),
		example.NewCmdExample(f, nil),
		configure.NewCmdConfigure(f, nil),
		doctor.NewCmdDoctor(f, nil),
		sandboxcmd.NewCmdSandbox(f),
		find.NewCmdFind(f, nil),
		history.NewCmdHistory(f),
	}
}
