package api

import (
	"context"

	quoteshared "github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/ebao"
)

var ebaoOps = []string{"quotation", "issuance", "cancellation"}

// ebaoOp is one eBao operation as api sends it: check validates the body
// (so a bad one is reported before --yes is asked for), send sends the
// body check accepted.
type ebaoOp struct {
	check func(body []byte) error
	send  func(c *ebao.Client, ctx context.Context, body []byte) (any, []byte, error)
}

var ebaoSenders = map[string]ebaoOp{
	"quotation": {
		check: func(b []byte) error { _, err := ebao.CheckQuotation(b); return err },
		send: func(c *ebao.Client, ctx context.Context, b []byte) (any, []byte, error) {
			r, err := c.Quote(ctx, b)
			if r == nil {
				return nil, nil, err
			}
			return r, r.Raw, err
		},
	},
	"issuance": {
		check: func(b []byte) error { _, err := ebao.CheckIssuance(b); return err },
		send: func(c *ebao.Client, ctx context.Context, b []byte) (any, []byte, error) {
			r, err := c.Issue(ctx, b)
			if r == nil {
				return nil, nil, err
			}
			return r, r.Raw, err
		},
	},
	"cancellation": {
		check: ebao.ValidateCancellation,
		send: func(c *ebao.Client, ctx context.Context, b []byte) (any, []byte, error) {
			r, err := c.Cancel(ctx, b)
			if r == nil {
				return nil, nil, err
			}
			return r, r.Raw, err
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
	if err := eop.check(body); err != nil {
		return err
	}
	if op != "quotation" && !opts.DryRun {
		if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, "Send this eBao "+op+"?"); err != nil {
			return err
		}
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, err := opts.EbaoClient()
	if err != nil {
		return err
	}
	res, raw, err := eop.send(c, opts.Ctx, body)
	if err != nil {
		// An answer that failed verification is shown as received with
		// -o raw (and a warning), as quote, issue and cancel do: the
		// error's hint promises it. The exit code stays the error's.
		return quoteshared.ShowUntrusted(opts.IO, oo, err)
	}
	if op != "quotation" {
		return cmdutil.PrintActResult(opts.IO, oo, output.Result{Data: res, Raw: raw}, "the eBao "+op+" went through")
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: res, Raw: raw})
}
