package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
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
		Echo:    [][]string{{"orderId"}, {"vin"}, {"LicenseNo"}, {"CarVin"}, {"quotationNumber"}, {"policyNumber"}},
		Columns: batchColumns(opts.Provider, opts.Operation),
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			o := *opts
			o.Ctx, o.File, o.Yes, o.batchLine = ctx, "-", true, true
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, run(&o))
		},
	}
	if opts.Provider == ebao.Provider {
		a.EchoFrom = ebao.Plates
	}
	if a.Act && opts.Provider == paoding.Provider {
		// A purchase carries its own orderId, which Paoding refuses to
		// take twice: an earlier run's unknown one is settled by looking
		// the order up, as vin-report buy's batch does, and sent again
		// only when there is no such order.
		a.Resolve = func(ctx context.Context, rec *batch.Record) (json.RawMessage, bool, error) {
			return resolvePurchase(ctx, opts, rec)
		}
	}
	if key == ebao.Provider+" "+ebao.OpIssuance {
		// The single command's hint for a lost answer says to ask eBao
		// before sending again, and --resume reports the line without
		// naming its quotation: as the issue command's batch says,
		// sending the line again on its own settles it.
		run := a.Run
		a.Run = func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			res, err := run(ctx, rec)
			var fe *failure.Error
			if errors.As(err, &fe) && fe.Unknown {
				fe.Hint = reissueHint(rec)
			}
			return res, err
		}
	}
	if a.Act {
		a.CheckHint = func(rec *batch.Record) string {
			if opts.Operation == ebao.OpIssuance {
				return reissueHint(rec)
			}
			if opts.Provider == paoding.Provider {
				return "check it with `insure vin-report get " + purchaseOrderID(opts, rec) + "`"
			}
			if opts.Operation == ebao.OpCancellation {
				// As the cancel command's batch says: repeating settles it.
				return "the policy may already be cancelled, and --resume does not send this line again: to settle it, cancel policy " +
					rec.Str("policyNumber") + " again on its own (`insure api ebao cancellation -f FILE --yes` with this line as FILE, or `insure cancel`): " +
					"eBao refuses a policy that is already cancelled, saying so (exit 4, and the journal settles the line), and cancels it otherwise"
			}
			return "eBao has no look-up: ask eBao about it before sending it again (`insure history list` shows what was sent)"
		}
	}
	return a
}

// batchColumns are an operation's parameters as CSV columns, where this
// package knows them (Paoding's as paodingParams spells them, eBao's from
// its request types); nil for the others, whose header hints stay generic.
func batchColumns(provider, op string) []string {
	switch provider {
	case paoding.Provider:
		return paodingParams[op]
	case ebao.Provider:
		if body, ok := map[string]any{ebao.OpQuotation: ebao.QuotationRequest{}, ebao.OpIssuance: ebao.IssuanceRequest{},
			ebao.OpCancellation: ebao.CancellationRequest{}}[op]; ok {
			return batch.ColumnsOf(body)
		}
	}
	return nil
}

// purchaseOrderID is the orderId a report.buy line sends: the line's or
// a --set's, spelled in any case (OrderId), as the line's run reads it.
func purchaseOrderID(opts *Options, rec *batch.Record) string {
	o := *opts
	o.File = "-"
	o.IO, _ = batchcmd.LineIO(rec)
	params, err := readParams(&o, paoding.Provider, paoding.OpReportBuy)
	if err == nil {
		params, err = paodingNames(paoding.OpReportBuy, paodingParams[paoding.OpReportBuy], params)
	}
	if err != nil {
		return rec.Str("orderId")
	}
	return params["orderId"]
}

// resolvedPurchase is a report.buy line's result when an earlier run's
// purchase was found by looking its order up: Paoding's answer to it was
// lost, so this is what report.get says of the order.
type resolvedPurchase struct {
	OrderID          string `json:"orderId"`
	PlatformOrderNum string `json:"platformOrderNum"`
	Status           string `json:"status"`
	Remark           string `json:"remark"`
	Resolved         bool   `json:"resolvedAfterNetworkFailure"`
}

// resolvePurchase looks up the order of a report.buy line whose earlier
// outcome is unknown: found, it was bought; no such order (30080), it
// was not, and the line may be sent again with the same orderId.
func resolvePurchase(ctx context.Context, opts *Options, rec *batch.Record) (json.RawMessage, bool, error) {
	id := purchaseOrderID(opts, rec)
	if id == "" {
		// A purchase without an orderId is refused before it is sent.
		return nil, false, nil
	}
	c, err := opts.PaodingClient()
	if err != nil {
		return nil, false, err
	}
	report, _, err := c.GetReport(ctx, id)
	var fe *failure.Error
	switch {
	case err == nil:
		b, err := json.Marshal(resolvedPurchase{OrderID: id, PlatformOrderNum: report.PlatformOrderID.String(), Status: "success",
			Remark: "the order exists: confirmed by looking it up", Resolved: true})
		return b, err == nil, err
	case errors.As(err, &fe) && fe.Code == "30080":
		return nil, false, nil
	}
	return nil, false, err
}

// reissueHint says how to settle an api issuance line whose outcome is
// unknown. eBao issues a quotation once and afterwards refuses it, naming
// the policy, so sending the line again cannot issue twice. The command
// comes first, after a backquote, where the batch gives it this run's -p.
func reissueHint(rec *batch.Record) string {
	cmd := "`insure api ebao issuance -f - --yes` with line " + strconv.Itoa(rec.Line) + " of the input on stdin"
	if rec.Source != "" && rec.Source != "-" {
		cmd += fmt.Sprintf(" (`sed -n %dp %s |` before it)", rec.Line, cmdutil.ShellQuote(rec.Source))
	}
	return "the policy may already be issued, and --resume does not send this line again: to settle it, send the issuance of quotation " +
		rec.Str("quotationNumber") + " again on its own, " + cmd + ": eBao refuses a quotation that is already a policy (exit 4, naming the policy) and issues it otherwise"
}
