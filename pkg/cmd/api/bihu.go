package api

import (
	"encoding/json"

	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/bihu"
)

var bihuOps = []string{"login", "renewal", "signout"}

// runBihu sends one Bihu operation. renewal takes the document's
// parameters (LicenseNo, CarVin, EngineNo, CityCode) as given, without the
// renew command's checks, so an engineer can see what Bihu itself answers
// (412 included); AgentId, Token, TimeStamp and SecCode are added.
func runBihu(opts *Options) error {
	ctx := opts.Ctx
	known := false
	for _, o := range bihuOps {
		known = known || o == opts.Operation
	}
	if !known {
		return unknownOperation(bihu.Provider, opts.Operation, append([]string{}, bihuOps...))
	}
	params, err := readParams(opts, bihu.Provider, opts.Operation)
	if err != nil {
		return err
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, err := opts.BihuClient()
	if err != nil {
		return err
	}
	switch opts.Operation {
	case "login":
		t, err := c.Login(ctx)
		if err != nil {
			return err
		}
		return output.Print(opts.IO.Out, oo, output.Result{Data: map[string]any{"token": "********", "expires_at": t.ExpiresAt}})
	case "signout":
		if err := c.SignOut(ctx); err != nil {
			return err
		}
		return output.Print(opts.IO.Out, oo, output.Result{Data: map[string]any{"signedOut": true}})
	}
	res, err := c.RenewParams(ctx, params)
	if err != nil {
		return err
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: json.RawMessage(res.Raw), Raw: res.Raw})
}
