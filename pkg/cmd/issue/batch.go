package issue

import (
	"context"
	"encoding/json"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/providers/ebao"
)

// batchAdapter issues one policy per line: the line is the issuance body
// (the quotation request with its quotationNumber), as -f would read it.
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "issue", Provider: ebao.Provider, Operation: ebao.OpIssuance, Act: true,
		Echo: [][]string{{"quotationNumber"}}, EchoFrom: ebao.Plates,
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			o := *opts
			o.Ctx, o.File, o.Quote, o.Yes = ctx, "-", "", true
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, Run(&o))
		},
		// eBao has no look-up: an unknown issuance is reported, not resent.
		CheckHint: func(rec *batch.Record) string {
			return "eBao has no look-up: ask eBao whether quotation " + rec.Str("quotationNumber") +
				" became a policy before issuing it again (`insure history list` shows what was sent)"
		},
	}
}
