package issue

import (
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	sunissue "github.com/insurekit/insure/pkg/cmd/sunshine/issue"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// addSunshine gives `insure issue` the Sunshine flags (the same as
// `insure sunshine issue`); -f and --set carry answers to the forms.
func addSunshine(cmd *cobra.Command, f *cmdutil.Factory, opts *Options) {
	opts.Sunshine = sunissue.NewIssueOptions(f)
	shared.ProviderFlag(cmd, "sunshine", sunissue.AddIssueFlags(cmd, opts.Sunshine)...)
}

func runSunshine(opts *Options) error {
	s := opts.Sunshine
	s.File, s.Sets, s.Yes, s.DryRun = opts.File, opts.Sets, opts.Yes, opts.DryRun
	s.Ctx = opts.Ctx
	return sunissue.RunIssue(s)
}
