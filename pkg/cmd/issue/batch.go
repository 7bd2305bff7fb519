package issue

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/ebaosettle"
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

// batchAdapter issues one policy per line: the line is the issuance body
// (the quotation request with its quotationNumber), as -f would read it.
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "issue", Provider: ebao.Provider, Operation: ebao.OpIssuance, Act: true,
		Echo: [][]string{{"quotationNumber"}}, EchoFrom: ebao.Plates,
		Columns: batch.ColumnsOf(ebao.IssuanceRequest{}),
		Check:   func() error { return checkBatch(opts) },
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if rec.Str("quotationNumber") == "" && !setsQuotation(opts.Sets) {
				// The single command warns and sends; in a batch the
				// warning went nowhere and every such line was refused.
				return nil, &failure.Error{Kind: failure.Usage, Provider: ebao.Provider, Operation: ebao.OpIssuance,
					Message: fmt.Sprintf("line %d: quotationNumber is missing: each line is the quoted request with the quotation's number added; nothing was sent", rec.Line),
					Hint:    `add the number the quote returned (.result.quotationNumber of its batch line) to the request, e.g. jq -c '. + {quotationNumber: "Q2612010000000001"}'`}
			}
			o := *opts
			o.Ctx, o.File, o.Quote, o.Yes = ctx, "-", "", true
			ios, out := batchcmd.LineIO(rec)
			var warned bytes.Buffer
			ios.ErrOut = &warned // what a single issue warns of on stderr
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			res, err := batchcmd.Result(out, Run(&o))
			rec.Warnings = batchcmd.Warnings(&warned)
			var fe *failure.Error
			if errors.As(err, &fe) && fe.Unknown {
				// The single command's hint says to run the same issue
				// again, which --resume does not do for a batch line.
				fe.Hint = reissueHint(&o, rec)
			}
			return res, err
		},
		// eBao has no look-up: --resume looks an unknown issuance up in
		// the journal (a row that went through, or eBao's refusal of the
		// re-run the hint prints), and does not send it again.
		Resolve: func(ctx context.Context, rec *batch.Record) (json.RawMessage, bool, error) {
			st, err := opts.Store()
			if err != nil {
				return nil, false, err
			}
			_, prof, err := opts.EbaoClient()
			if err != nil {
				return nil, false, err
			}
			return batchcmd.FromJournalOrProof(ctx, st, prof.Name, ebao.Provider, ebao.OpIssuance, rec.Str("quotationNumber"), ebaosettle.IssuedBefore(rec.Str("quotationNumber")),
				"quotationNumber", "policyNumber")
		},
		CheckHint: func(rec *batch.Record) string {
			if refusal := refusedSince(opts, rec.Str("quotationNumber")); refusal != "" {
				// The repeat the hint offers was made and settled nothing:
				// offering it again would send the user round in a loop.
				return "quotation " + rec.Str("quotationNumber") + " was issued again on its own and eBao refused it (" + refusal + "), which does not say that the quotation is already a policy: ask eBao whether it was issued; --resume does not send this line again"
			}
			return reissueHint(opts, rec)
		},
	}
}

// refusedSince is eBao's refusal of a repeat of the issuance of
// quotation made since its outcome became unknown, "" when none was made.
func refusedSince(opts *Options, quotation string) string {
	st, err := opts.Store()
	if err != nil {
		return ""
	}
	_, prof, err := opts.EbaoClient()
	if err != nil {
		return ""
	}
	return ebaosettle.Unsettling(opts.Ctx, st, prof.Name, ebao.OpIssuance, quotation)
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

// setsQuotation reports a --set that gives every line its quotationNumber.
func setsQuotation(sets []string) bool {
	for _, s := range sets {
		if path, _, _ := strings.Cut(s, "="); strings.TrimSpace(path) == "quotationNumber" {
			return true
		}
	}
	return false
}

// reissueHint says how to settle a batch line's issuance whose outcome is
// unknown: send the line again on its own, as the single command's hint
// says (howToCheck). eBao issues a quotation once and refuses it
// afterwards, naming the policy, so repeating cannot issue twice.
func reissueHint(o *Options, rec *batch.Record) string {
	cmd := o.Hint.Command("issue", "--provider", ebao.Provider, "-f", "-", "--yes")
	how := fmt.Sprintf("`sed -n %dp %s | %s`", rec.Line, cmdutil.ShellQuote(rec.Source), cmd)
	if rec.Source == "" || rec.Source == "-" {
		how = fmt.Sprintf("line %d of the input piped to `%s`", rec.Line, cmd)
	}
	return "the policy may already be issued, and --resume does not send this line again: to settle it, issue quotation " +
		rec.Str("quotationNumber") + " again on its own with " + how + ": " +
		"eBao refuses a quotation that is already a policy (exit 4, naming the policy) and issues it otherwise"
}
