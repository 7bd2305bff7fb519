package api

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/insurekit/insure/pkg/cmd/ebaosettle"
	quoteshared "github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/ebao"
)

var ebaoOps = []string{ebao.OpQuotation, ebao.OpIssuance, ebao.OpCancellation}

// ebaoOp is one eBao operation as api sends it: check validates the body
// (so a bad one is reported before --yes is asked for), send sends the
// body check accepted.
type ebaoOp struct {
	check func(body []byte) error
	send  func(c *ebao.Client, ctx context.Context, body []byte) (*ebaoAnswer, error)
}

// ebaoAnswer is a verified answer: the decoded response, its body as
// received, and the client's warnings about it (an unsigned answer
// accepted), which are printed as insure quote, issue and cancel print
// them. send returns one with an error only for a refusal whose body
// verified (a cancellation's "success": false).
type ebaoAnswer struct {
	data     any
	raw      []byte
	warnings []string
}

var ebaoSenders = map[string]ebaoOp{
	ebao.OpQuotation: {
		check: func(b []byte) error { _, err := ebao.CheckQuotation(b); return err },
		send: func(c *ebao.Client, ctx context.Context, b []byte) (*ebaoAnswer, error) {
			r, err := c.Quote(ctx, b)
			if r == nil {
				return nil, err
			}
			return &ebaoAnswer{data: r, raw: r.Raw, warnings: r.Warnings}, err
		},
	},
	ebao.OpIssuance: {
		check: checkIssuance,
		send: func(c *ebao.Client, ctx context.Context, b []byte) (*ebaoAnswer, error) {
			r, err := c.Issue(ctx, b)
			if r == nil {
				return nil, err
			}
			return &ebaoAnswer{data: r, raw: r.Raw, warnings: r.Warnings}, err
		},
	},
	ebao.OpCancellation: {
		check: ebao.ValidateCancellation,
		send: func(c *ebao.Client, ctx context.Context, b []byte) (*ebaoAnswer, error) {
			r, err := c.Cancel(ctx, b)
			if r == nil {
				return nil, err
			}
			return &ebaoAnswer{data: r, raw: r.Raw, warnings: r.Warnings}, err
		},
	},
}

// runEbao sends a body file to one eBao operation exactly as read (the
// signature covers those bytes) and prints the verified answer. Issuance
// and cancellation change a policy, so they need --yes in a script; the
// body is checked first, so a bad one is reported as such (exit 2).
func runEbao(opts *Options) error {
	op := opts.Operation
	eop, ok := ebaoSenders[op]
	if !ok {
		return unknownOperation(ebao.Provider, op, append([]string{}, ebaoOps...))
	}
	if opts.File == "" || len(opts.Sets) > 0 {
		return &failure.Error{Kind: failure.Usage, Provider: ebao.Provider, Operation: op,
			Message: "api ebao sends a body file exactly as written: -f FILE (or -) is required and --set is not taken; nothing was sent",
			Hint:    "start from insure example ebao quote; to edit fields use insure quote --provider ebao --set"}
	}
	body, err := cmdutil.ReadFile(opts.File, opts.IO.In, maxFile)
	if err != nil {
		fe := err.(*failure.Error)
		fe.Provider, fe.Operation = ebao.Provider, op
		return fe
	}
	// The operation's check refuses a member given twice too
	// (providers/ebao): eBao would read only one of them.
	if err := eop.check(body); err != nil {
		return err
	}
	if op != ebao.OpQuotation && !opts.DryRun {
		if err := confirm(opts, ebao.Provider, op, "Send this eBao "+op+"?"); err != nil {
			return err
		}
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, prof, err := opts.EbaoClient()
	if err != nil {
		return err
	}
	sent := time.Now() // the transport's clock, which times the journal's row
	ans, err := eop.send(c, opts.Ctx, body)
	if err != nil && !opts.DryRun {
		settleRepeat(opts, prof.Name, body, sent, err)
	}
	if err != nil && !opts.batchLine {
		settleWithSameBody(opts, body, err)
	}
	if err != nil && ans == nil {
		// An answer that failed verification is shown as received with
		// -o raw (and a warning), as quote, issue and cancel do: the
		// error's hint promises it. The exit code stays the error's.
		var se *ebao.ServerError
		if failure.KindOf(err) != failure.Verification && errors.As(err, &se) {
			// An error status (400, 401, 409...): its body as received.
			return showRefusal(opts, oo, se.Raw, err)
		}
		return quoteshared.ShowUntrusted(opts.IO, oo, err)
	}
	quoteshared.Warn(opts.IO, op, ans.warnings)
	result := output.Result{Data: ans.data, Raw: ans.raw}
	if err != nil {
		// A verified refusal ("success": false) is shown, as insure cancel
		// shows it, then returned (exit 4).
		if perr := output.Print(opts.IO.Out, oo, result); perr != nil {
			return perr
		}
		return err
	}
	if op != ebao.OpQuotation {
		return cmdutil.PrintActResult(opts.IO, oo, result, "the eBao "+op+" went through")
	}
	return output.Print(opts.IO.Out, oo, result)
}

// checkIssuance is ebao.CheckIssuance plus the quotation number: the
// guided insure issue adds it from --quote, but api sends the file as
// written, and an issuance without one is only refused by the service
// (the document's issuance issues a quotation). Every bad field is
// reported at once.
func checkIssuance(body []byte) error {
	_, err := ebao.CheckIssuance(body)
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return err // not a JSON object: CheckIssuance says so
	}
	if q := top["quotationNumber"]; q != nil && string(q) != "null" {
		return err
	}
	missing := failure.FieldError{Field: "quotationNumber",
		Rule: "is required: insure api sends the file as written, and an issuance issues a quotation; quote first " +
			"(insure api ebao quotation -f quote.json --jq .quotationNumber) and add its number, or use insure issue --provider ebao --quote NUMBER, which adds it",
		Example: "Q1507160000000010"}
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Kind == failure.Usage {
		return failure.Invalid(ebao.Provider, ebao.OpIssuance, append([]failure.FieldError{missing}, fe.Fields...)...)
	}
	if err != nil {
		return err
	}
	return failure.Invalid(ebao.Provider, ebao.OpIssuance, missing)
}

// settleRepeat reads eBao's refusal of an issuance or cancellation sent
// again (as the hint of one whose outcome was unknown says to): the
// earlier one is settled in the journal, as insure issue and insure
// cancel settle it, and the hint says so.
func settleRepeat(opts *Options, profile string, body []byte, sent time.Time, err error) {
	var ids struct {
		QuotationNumber string `json:"quotationNumber"`
		PolicyNumber    string `json:"policyNumber"`
	}
	_ = json.Unmarshal(body, &ids)
	st, _ := opts.Store()
	switch opts.Operation {
	case ebao.OpIssuance:
		ebaosettle.Issuance(opts.Ctx, st, profile, ids.QuotationNumber, sent, err)
	case ebao.OpCancellation:
		ebaosettle.Cancellation(opts.Ctx, st, profile, ids.PolicyNumber, sent, err)
	}
}

// settleWithSameBody gives an issuance or cancellation whose outcome is
// unknown the whole command that settles it: this body sent again. eBao
// issues a quotation once and cancels a policy once, refusing a repeat
// with a message naming the policy (docs/providers/ebao.md), so the
// repeat cannot act twice. (The client's hint said "again with the same
// request", or named insure cancel without its policy number.)
func settleWithSameBody(opts *Options, body []byte, err error) {
	var ids struct {
		QuotationNumber string `json:"quotationNumber"`
		PolicyNumber    string `json:"policyNumber"`
	}
	_ = json.Unmarshal(body, &ids)
	key := ids.QuotationNumber
	if opts.Operation == ebao.OpCancellation {
		key = ids.PolicyNumber
	}
	with := "`insure api " + ebao.Provider + " " + opts.Operation + " -f " + cmdutil.ShellQuote(opts.File) + " --yes`"
	if opts.File == "-" {
		with = "the same body piped to " + with
	}
	ebao.SettleWith(err, opts.Operation, key, with)
}
