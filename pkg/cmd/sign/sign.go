// Package sign groups `insure sign PROVIDER`: reproduce a provider's
// signature offline so an engineer can compare it with what their own code
// builds. Nothing is sent.
package sign

import (
	signbihu "github.com/insurekit/insure/pkg/cmd/sign/bihu"
	signebao "github.com/insurekit/insure/pkg/cmd/sign/ebao"
	signpaoding "github.com/insurekit/insure/pkg/cmd/sign/paoding"
	signsunshine "github.com/insurekit/insure/pkg/cmd/sign/sunshine"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdSign builds `insure sign`.
func NewCmdSign(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "sign <provider>",
		Short:   "Compute a provider's signature offline and show how it was built",
		GroupID: "setup",
		Long: `Show the exact string a provider's signature is computed over (secrets
masked), the signature itself and, where there is one, the signed URL.
--verify checks a signature you computed yourself: exit 0 when it matches,
6 when it does not, 2 when the value cannot be one (an MD5 signature is 32
hex digits). Nothing is sent.`,
	}
	// Offline: the request flags (--dry-run, --curl, --timeout, --cacert)
	// mean nothing here, so the help leaves them out.
	cmdutil.MarkSendsNothing(cmd)
	cmd.AddCommand(signpaoding.NewCmdPaoding(f, nil))
	cmd.AddCommand(signsunshine.NewCmdSunshine(f, nil))
	cmd.AddCommand(signebao.NewCmdEbao(f, nil))
	cmd.AddCommand(signbihu.NewCmdBihu(f))
	return cmd
}
