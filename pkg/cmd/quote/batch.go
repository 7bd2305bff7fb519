package quote

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/providers/ebao"
)

// batchAdapter quotes one request per line: the line is the body -f would
// read (JSON Lines: sent byte for byte; CSV: an object of the columns,
// dotted names nested, values as text). --set applies to every line.
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "quote", Provider: ebao.Provider, Operation: ebao.OpQuotation,
		Echo: [][]string{{"quotationNumber"}, {"productId"}}, EchoFrom: ebao.Plates,
		Columns: batch.ColumnsOf(ebao.QuotationRequest{}),
		Check:   func() error { return checkBatch(opts) },
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			o := *opts
			o.Ctx, o.File = ctx, "-"
			if rec.Decoded && len(o.Sets) == 0 {
				o.Decoded = rec.Fields // the body as sent: no --set changes it
			}
			ios, out := batchcmd.LineIO(rec)
			var warned bytes.Buffer
			ios.ErrOut = &warned // what a single quote warns of on stderr
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			res, err := batchcmd.Result(out, Run(&o))
			rec.Warnings = batchcmd.Warnings(&warned)
			return res, err
		},
	}
}

// checkBatch refuses, once and before any line, what would fail every
// line alike: a malformed --set, a profile without eBao's settings.
func checkBatch(opts *Options) error {
	if len(opts.Sets) > 0 {
		// An empty object takes any well-formed assignment.
		if _, err := shared.ApplySets([]byte("{}"), opts.Sets); err != nil {
			return err
		}
	}
	_, _, err := opts.EbaoClient()
	return err
}
