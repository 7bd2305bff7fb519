package quote

import (
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	sunquote "github.com/insurekit/insure/pkg/cmd/sunshine/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// addSunshine gives `insure quote` the Sunshine flags (the same as
// `insure sunshine quote`), marked so no other provider accepts them.
// -f and --set are the command's own: for Sunshine they carry answers to
// the platform's forms.
func addSunshine(cmd *cobra.Command, f *cmdutil.Factory, opts *Options) {
	opts.Sunshine = sunquote.NewQuoteOptions(f)
	shared.ProviderFlag(cmd, "sunshine", sunquote.AddQuoteFlags(cmd, opts.Sunshine)...)
}

func runSunshine(opts *Options) error {
	s := opts.Sunshine
	s.File, s.Sets = opts.File, opts.Sets
	s.Ctx = opts.Ctx
	return sunquote.RunQuote(s)
}
