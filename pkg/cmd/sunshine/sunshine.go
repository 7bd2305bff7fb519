// Package sunshine groups `insure sunshine`: the Sunshine (阳光车险)
// purchase flow step by step, and its tools.
package sunshine

import (
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmd/sunshine/cities"
	"github.com/insurekit/insure/pkg/cmd/sunshine/deliver"
	"github.com/insurekit/insure/pkg/cmd/sunshine/keygen"
	"github.com/insurekit/insure/pkg/cmd/sunshine/regions"
	"github.com/insurekit/insure/pkg/cmd/sunshine/sessions"
	"github.com/insurekit/insure/pkg/cmd/sunshine/vehicles"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdSunshine builds `insure sunshine`.
func NewCmdSunshine(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "sunshine <command>",
		Short:   "Sunshine (阳光车险) purchases: quote, issue, delivery, sessions, look-ups, keys",
		GroupID: "work",
		Long: `A Sunshine purchase is a session of numbered steps (100 ... 130) sharing a
SessionId. Each command below runs some of them and keeps the session in
the local store, so the next command continues it:

  quote    095, 100, 105 (new quote); 110, 115 (--session: change
           coverages, save)
  issue    120 (underwriting), 126/127 (Beijing verification code), 125, 130
  deliver  135 (change the delivery address before payment)
  sessions list the sessions with their step and numbers
  vehicles search vehicle models (the vehicleId of the vehicle form)
  cities   look up city codes (--city)
  regions  list delivery region and car registration codes (120, 135)
  keygen   make a partner key pair for testing

quote and issue are insure quote --provider sunshine and insure issue
--provider sunshine under this group: the same commands, same flags.
Any single transaction can be sent as is with insure api sunshine CODE.`,
	}
	cmd.AddCommand(quote.NewCmdSunshineQuote(f, nil))
	cmd.AddCommand(issue.NewCmdSunshineIssue(f, nil))
	cmd.AddCommand(deliver.NewCmdDeliver(f, nil))
	cmd.AddCommand(sessions.NewCmdSessions(f, nil))
	cmd.AddCommand(vehicles.NewCmdVehicles(f, nil))
	cmd.AddCommand(cities.NewCmdCities(f, nil))
	cmd.AddCommand(regions.NewCmdRegions(f, nil))
	cmd.AddCommand(keygen.NewCmdKeygen(f, nil))
	return cmd
}
