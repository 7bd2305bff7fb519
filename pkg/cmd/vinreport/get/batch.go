package get

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// batchFields are a line's one field, order_id (or orderId).
var batchFields = []batch.Field{{Names: []string{"order_id", "orderId"}, Example: `"INSB0001"`}}

// orderIDHint shows a good line, for a line without a usable order id.
const orderIDHint = `each line names the order a purchase returned, e.g. {"order_id":"INSB0001"}, or a CSV column order_id under a first line order_id`

// batchAdapter fetches one report per line.
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "vin-report get", Provider: paoding.Provider, Operation: paoding.OpReportGet, Fields: batchFields,
		Echo: [][]string{batchFields[0].Names},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if err := rec.Known(batchFields...); err != nil {
				return nil, err
			}
			o := *opts
			o.Ctx, o.OrderID = ctx, rec.Str(batchFields[0].Names...)
			switch n := utf8.RuneCountInString(o.OrderID); {
			case n == 0:
				return nil, &failure.Error{Kind: failure.Usage,
					Message: fmt.Sprintf("line %d: order_id is required; nothing was sent", rec.Line), Hint: orderIDHint}
			case n > paoding.MaxOrderIDLength:
				return nil, &failure.Error{Kind: failure.Usage,
					Message: fmt.Sprintf("line %d: order_id is at most %d characters (got %d); nothing was sent", rec.Line, paoding.MaxOrderIDLength, n),
					Hint:    orderIDHint}
			}
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, Run(&o))
		},
	}
}
