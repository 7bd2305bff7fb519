package issue

import (
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// SunshineOptions are the Sunshine-only flags of an issue. -f and --set
// are the command's own: for Sunshine they answer the underwriting form
// (insured, applicant, delivery).
type SunshineOptions struct {
	Session    string
	OrderID    string // the partner's TBOrderId (default: TB + SessionId)
	PayType    string // 01 Alipay ...
	PayNo      string // the payment's transaction number (payOrderId)
	CheckPayNo string
	PartnerID  string
	ItemID     string
	VerifyCode string // Beijing: the code the applicant received (127)
	SendCode   bool   // Beijing: send the code again first (126)
}

// addSunshineFlags adds the Sunshine-only flags and returns their names.
func addSunshineFlags(cmd *cobra.Command, opts *SunshineOptions) []string {
	fl := cmd.Flags()
	fl.StringVar(&opts.Session, "session", "", "The quoted session `ID` to buy (see insure sunshine sessions)")
	fl.StringVar(&opts.OrderID, "order-id", "", "Your order number, TBOrderId (default: TB followed by the session id)")
	fl.StringVar(&opts.PayType, "pay-type", "01", "Payment type of 130 (01: Alipay)")
	fl.StringVar(&opts.PayNo, "pay-no", "", "Payment transaction number, payOrderId (required; only the sandbox profile generates a test number)")
	fl.StringVar(&opts.CheckPayNo, "check-pay-no", "", "Payment check number, checkPayNo (default: the PayNo of the 125 answer)")
	fl.StringVar(&opts.PartnerID, "partner-id", "", "Payment partner id of 130, PartnerId (default: the profile's partner-id)")
	fl.StringVar(&opts.ItemID, "item-id", "", "Your product id for each sub-order of 130, ItemId (default: the profile's item-id)")
	fl.StringVar(&opts.VerifyCode, "verify-code", "", "Beijing: the verification code the applicant received (127)")
	fl.BoolVar(&opts.SendCode, "send-code", false, "Beijing: send the verification code again first (126)")
	return []string{"session", "order-id", "pay-type", "pay-no", "check-pay-no", "partner-id", "item-id", "verify-code", "send-code"}
}

// addSunshine gives `insure issue` the Sunshine flags, marked so no other
// provider accepts them.
func addSunshine(cmd *cobra.Command, opts *Options) {
	shared.ProviderFlag(cmd, sunshine.Provider, addSunshineFlags(cmd, &opts.Sunshine)...)
}

// SunshineLong is the help text of `insure sunshine issue`, the alias of
// `insure issue --provider sunshine`.
const SunshineLong = `Buy a quoted Sunshine session: 120 (underwriting: the insured, the
applicant and the delivery address; proposal numbers back), 126/127 when
the platform asks for the applicant's verification code (Beijing), 125
(payment check: the amount to pay) and 130 (issue: policy numbers back).

The people and the address are answers to the underwriting form: on a
terminal the form is asked, in a script they come from --set KEY=VALUE or
-f answers.yaml (see examples/sunshine/answers-issue.yaml), and anything
still needed is exit 2 listing each key. The verification code is asked on
a terminal (empty: send it again); in a script pass --verify-code.

Gifts the saved premium (115) offers are chosen on a terminal, or in a
script with --set gifts=ID:COUNT[:PHONE[:ACCOUNT]],... (ids as the quote
prints them). 130 needs the payment's serial number (CheckPayNo): the
PayNo of the 125 answer, or --check-pay-no when that is empty; and the
payment partner id and product id, from --partner-id and --item-id or the
profile's partner-id and item-id. What is missing is exit 2 before 130.

Issuing buys a policy, so --yes is required when not on a terminal. Every
step is saved: after a failure, the same command continues where it
stopped. A step whose outcome is unknown was sent again byte for byte
(the platform answers an identical request identically) before giving up;
if that was underwriting (120) or issue (130), the next run sends that same
request again, to learn its outcome, rather than a new one.

This is insure issue --provider sunshine: the same command and flags.`

// NewCmdSunshineIssue builds `insure sunshine issue`: `insure issue
// --provider sunshine` under the Sunshine group, with the same Options and
// the same Run, and -f/--set described as answers.
func NewCmdSunshineIssue(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f)
	opts.Provider = sunshine.Provider
	cmd := &cobra.Command{
		Use:   "issue --session ID [--set KEY=VALUE ...] [--pay-type 01 --pay-no NO] [--verify-code CODE]",
		Short: "Buy a quoted Sunshine policy (120, 126/127, 125, 130)",
		Long:  SunshineLong,
		Example: `  insure -p sandbox sunshine issue --session SESSION \
    -f examples/sunshine/answers-issue.yaml \
    --check-pay-no B5000M386466139260786 --yes
  insure sunshine issue --session SESSION --verify-code 345678 \
    --pay-no 2026030200001000910000069408 --yes`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Hint = cmd.Context(), cmdutil.NewHinter(f)
			opts.Yes, opts.DryRun = f.Globals.Yes, f.Globals.DryRun || f.Globals.Curl
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	addSunshineFlags(cmd, &opts.Sunshine)
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "Answers file (YAML or JSON), - for stdin")
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "Answer a form control: KEY=VALUE, GROUP.KEY=VALUE or GROUP[N].KEY=VALUE (repeatable)")
	return cmd
}
