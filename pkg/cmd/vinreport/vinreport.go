// Package vinreport groups the Paoding 4S report commands.
package vinreport

import (
	"github.com/insurekit/insure/pkg/cmd/vinreport/brands"
	"github.com/insurekit/insure/pkg/cmd/vinreport/buy"
	"github.com/insurekit/insure/pkg/cmd/vinreport/factories"
	"github.com/insurekit/insure/pkg/cmd/vinreport/get"
	"github.com/insurekit/insure/pkg/cmd/vinreport/listen"
	"github.com/insurekit/insure/pkg/cmd/vinreport/notifications"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdVinReport builds `insure vin-report`.
func NewCmdVinReport(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "vin-report <command>",
		Short:   "Paoding 4S maintenance reports: brands, factories, buy, get",
		GroupID: "work",
		Long: `Buy and read 4S-shop maintenance reports from Paoding (庖丁解车): where a
vehicle was serviced, its mileage history, ten condition checks (airbag,
engine, flood, fire...) and its insurance claims.

Tokens are obtained and refreshed automatically (see insure token).`,
		Example: `  insure -p sandbox vin-report factories
  insure -p sandbox vin-report buy --vin LSVAU2180N2183294 \
    --brand-factory 20 --yes
  insure -p sandbox vin-report get ORDER_ID --wait`,
	}
	cmd.AddCommand(
		brands.NewCmdBrands(f, nil),
		factories.NewCmdFactories(f, nil),
		buy.NewCmdBuy(f, nil),
		get.NewCmdGet(f, nil),
		listen.NewCmdListen(f, nil),
		notifications.NewCmdNotifications(f, nil),
	)
	return cmd
}
