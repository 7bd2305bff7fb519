package api

import (
	"context"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/ebao"
)

var ebaoOps = []string{"quotation", "issuance", "cancellation"}

// runEbao sends a body file to one eBao operation exactly as read (the
// signature covers those bytes) and prints the verified answer. Issuance
// and cancellation change a policy, so they need --yes in a script.
func runEbao(opts *Options) error {
	op := opts.Operation
	send := map[string]func(*ebao.Client, context.Context, []byte) (any, []byte, error){
		"quotation": func(c *ebao.Client, ctx context.Context, b []byte) (any, []byte, error) {
			r, err := c.Quote(ctx, b)
			if r == nil {
				return nil, nil, err
			}
			return r, r.Raw, err
		},
		"issuance": func(c *ebao.Client, ctx context.Context, b []byte) (any, []byte, error) {
			r, err := c.Issue(ctx, b)
			if r == nil {
				return nil, nil, err
			}
			return r, r.Raw, err
		},
		"cancellation": func(c *ebao.Client, ctx context.Context, b []byte) (any, []byte, error) {
			r, err := c.Cancel(ctx, b)
			if r == nil {
				return nil, nil, err
			}
			return r, r.Raw, err
		},
	}[op]
	if send == nil {
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
	res, raw, err := send(c, opts.Ctx, body)
	if err != nil {
		return err
	}
	if op != "quotation" {
		return cmdutil.PrintActResult(opts.IO, oo, output.Result{Data: res, Raw: raw}, "the eBao "+op+" went through")
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: res, Raw: raw})
}
