package api

import (
	"fmt"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
)

// maxGenericBody bounds a request file for a provider served by the
// registry's generic Call.
const maxGenericBody = 4 << 20

// runGeneric sends one operation of a provider that declares a Call in its
// registry entry: the request file's bytes go to the provider as read, and
// the answer is printed as data (or raw with -o raw).
func runGeneric(opts *Options) error {
	d, _ := opts.Registry.Lookup(opts.Provider)
	op, ok := d.Operation(opts.Operation)
	if !ok {
		return unknownOperation(d.Name, opts.Operation, d.OperationNames())
	}
	if len(opts.Sets) > 0 || opts.Session != "" || opts.RawXML {
		return &failure.Error{Kind: failure.Usage, Provider: d.Name, Operation: op.Name,
			Message: fmt.Sprintf("api %s takes its request from -f only (--set, --session and --raw-xml are for other providers); nothing was sent", d.Name)}
	}
	var body []byte
	if opts.File != "" {
		b, err := cmdutil.ReadFile(opts.File, opts.IO.In, maxGenericBody)
		if err != nil {
			return err
		}
		body = b
	}
	if op.Acts && !opts.DryRun {
		if err := confirm(opts, d.Name, op.Name, fmt.Sprintf("Send this %s %s?", d.Title(), op.Name)); err != nil {
			return err
		}
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	client, err := opts.Client(d.Name)
	if err != nil {
		return err
	}
	ans, err := d.Call(opts.Ctx, client, op.Name, body)
	if err != nil {
		return err
	}
	if op.Acts {
		return cmdutil.PrintActResult(opts.IO, oo, output.Result{Data: ans.Data, Raw: ans.Raw}, fmt.Sprintf("the %s %s went through", d.Title(), op.Name))
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: ans.Data, Raw: ans.Raw})
}
