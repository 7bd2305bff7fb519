package get

import (
	"context"
	"encoding/json"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/paoding"
)

// batchAdapter fetches one report per line: order_id (or orderId).
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "vin-report get", Provider: paoding.Provider, Operation: paoding.OpReportGet,
		Echo: [][]string{{"order_id", "orderId"}},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if err := rec.Known("order_id", "orderId"); err != nil {
				return nil, err
			}
			o := *opts
			o.Ctx, o.OrderID = ctx, rec.Str("order_id", "orderId")
			switch {
			case o.OrderID == "":
				return nil, cmdutil.FlagErrorf("line %d: order_id is required; nothing was sent", rec.Line)
			case utf8.RuneCountInString(o.OrderID) > paoding.MaxOrderIDLength:
				return nil, cmdutil.FlagErrorf("line %d: order_id is at most %d characters (got %d); nothing was sent",
					rec.Line, paoding.MaxOrderIDLength, utf8.RuneCountInString(o.OrderID))
			}
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, Run(&o))
		},
	}
}
