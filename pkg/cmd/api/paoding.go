package api

import (
	"encoding/json"
	"strconv"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
)

var paodingOps = []string{paoding.OpTokenGenerate, paoding.OpTokenRefresh, paoding.OpBrandList,
	paoding.OpBrandFactoryList, paoding.OpBrandFactoryGet, paoding.OpReportBuy, paoding.OpReportGet}

// runPaoding sends one Paoding operation with parameters named as the
// document names them (brandFactoryId, vin, orderId, lastModifyTime...)
// and prints the whole answer, code and remark included.
func runPaoding(opts *Options) error {
	op := opts.Operation
	known := false
	for _, o := range paodingOps {
		known = known || o == op
	}
	if !known {
		return unknownOperation(paoding.Provider, op, append([]string{}, paodingOps...))
	}
	params, err := readParams(opts, paoding.Provider, op)
	if err != nil {
		return err
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	ctx := opts.Ctx
	var raw []byte
	switch op {
	case paoding.OpReportBuy:
		req := paoding.BuyRequest{VIN: params["vin"], EngineNum: params["engineNum"], Image: params["image"],
			OrderID: params["orderId"], NotifyURL: params["notifyUrl"]}
		if id := params["brandFactoryId"]; id != "" {
			n, err := strconv.Atoi(id)
			if err != nil {
				return failure.Invalid(paoding.Provider, op, failure.FieldError{Field: "brandFactoryId", Rule: "is a number", Example: "20"})
			}
			req.BrandFactoryID = n
		}
		if err := req.Validate(nil); err != nil {
			return err
		}
		if !opts.DryRun {
			if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, "Buy a 4S report (order "+req.OrderID+")?"); err != nil {
				return err
			}
		}
		c, err := opts.PaodingClient()
		if err != nil {
			return err
		}
		res, braw, err := c.BuyReport(ctx, req)
		if err != nil {
			return err
		}
		return cmdutil.PrintActResult(opts.IO, oo, output.Result{Data: json.RawMessage(braw), Raw: braw},
			"bought order "+req.OrderID+" (platform order "+res.PlatformOrderNum.String()+")")
	default:
		c, err := opts.PaodingClient()
		if err != nil {
			return err
		}
		switch op {
		case paoding.OpTokenGenerate, paoding.OpTokenRefresh:
			// The answer holds the token; print what the token commands
			// print rather than the secret itself.
			get := c.GenerateToken
			if op == paoding.OpTokenRefresh {
				get = c.RefreshToken
			}
			t, err := get(ctx)
			if err != nil {
				return err
			}
			return output.Print(opts.IO.Out, oo, output.Result{Data: map[string]any{"expires_at": t.ExpiresAt, "token": "********", "refresh_token": "********"}})
		case paoding.OpBrandList:
			_, raw, err = c.Brands(ctx)
		case paoding.OpBrandFactoryList:
			_, raw, err = c.BrandFactories(ctx, params["lastModifyTime"])
		case paoding.OpBrandFactoryGet:
			id, cerr := strconv.Atoi(params["brandFactoryId"])
			if cerr != nil {
				return failure.Invalid(paoding.Provider, op, failure.FieldError{Field: "brandFactoryId", Rule: "is required and a number", Example: "--set brandFactoryId=20"})
			}
			_, raw, err = c.BrandFactory(ctx, id)
		case paoding.OpReportGet:
			if params["orderId"] == "" {
				return failure.Invalid(paoding.Provider, op, failure.FieldError{Field: "orderId", Rule: "is required", Example: "--set orderId=DEMO-1"})
			}
			_, raw, err = c.GetReport(ctx, params["orderId"])
		}
		if err != nil {
			return err
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: json.RawMessage(raw), Raw: raw})
}
