package api

import (
	"context"
	"encoding/json"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/paoding"
)

// batchActs are the operations that spend money or change a policy.
var batchActs = map[string]bool{
	ebao.Provider + " " + ebao.OpIssuance:        true,
	ebao.Provider + " " + ebao.OpCancellation:    true,
	paoding.Provider + " " + paoding.OpReportBuy: true,
}

// batchAdapter sends the operation once per line: the line is what -f
// would read. --set applies to every line.
func batchAdapter(opts *Options, run func(*Options) error) batch.Adapter {
	key := opts.Provider + " " + opts.Operation
	a := batch.Adapter{
		Command: "api " + key, Provider: opts.Provider, Operation: opts.Operation, Act: batchActs[key],
		Echo: [][]string{{"orderId"}, {"vin"}, {"LicenseNo"}, {"CarVin"}, {"quotationNumber"}, {"policyNumber"}},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			o := *opts
			o.Ctx, o.File, o.Yes = ctx, "-", true
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, run(&o))
		},
	}
	if opts.Provider == ebao.Provider {
		a.EchoFrom = ebao.Plates
	}
	if a.Act {
		a.CheckHint = func(rec *batch.Record) string {
			if opts.Provider == paoding.Provider {
				return "check it with `insure vin-report get " + rec.Str("orderId") + "`"
			}
			if opts.Operation == ebao.OpCancellation {
				// As the cancel command's batch says: repeating settles it.
				return "the policy may already be cancelled, and --resume does not send this line again: to settle it, cancel policy " +
					rec.Str("policyNumber") + " again on its own (`insure api ebao cancellation -f FILE --yes` with this line as FILE, or `insure cancel`): " +
					"eBao refuses a policy that is already cancelled as not effective (exit 4) and cancels it otherwise"
			}
			return "eBao has no look-up: ask eBao about it before sending it again (`insure history list` shows what was sent)"
		}
	}
	return a
}
