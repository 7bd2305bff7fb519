package cancel

import (
	"context"
	"encoding/json"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/ebao"
)

var batchFields = []string{"policy_number", "policyNumber", "type", "date", "channel"}

// batchAdapter cancels one policy per line: policy_number, and type, date
// and channel (the flags are every line's defaults).
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "cancel", Provider: ebao.Provider, Operation: ebao.OpCancellation, Act: true,
		Echo: [][]string{{"policy_number", "policyNumber"}},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if err := rec.Known(batchFields...); err != nil {
				return nil, err
			}
			o := *opts
			o.Ctx, o.Yes, o.batchLine = ctx, true, true
			if o.PolicyNumber = rec.Str("policy_number", "policyNumber"); o.PolicyNumber == "" {
				return nil, cmdutil.FlagErrorf("line %d: policy_number is required; nothing was sent", rec.Line)
			}
			for dst, names := range map[*string][]string{&o.Type: {"type"}, &o.Date: {"date"}, &o.Channel: {"channel"}} {
				if v := rec.Str(names...); v != "" {
					*dst = v
				}
			}
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, Run(&o))
		},
		// eBao has no look-up: an unknown cancellation is reported, not resent.
		CheckHint: func(rec *batch.Record) string {
			return "eBao has no look-up: ask eBao whether policy " + rec.Str("policy_number", "policyNumber") +
				" was cancelled before cancelling it again (`insure history list` shows what was sent)"
		},
	}
}
