package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
)

// paodingParams are the parameters each operation takes, spelled as the
// document spells them. The token operations and brand.list take none:
// what they sign comes from the profile and the cached token.
var paodingParams = map[string][]string{
	paoding.OpTokenGenerate:    nil,
	paoding.OpTokenRefresh:     nil,
	paoding.OpBrandList:        nil,
	paoding.OpBrandFactoryList: {"lastModifyTime"},
	paoding.OpBrandFactoryGet:  {"brandFactoryId"},
	paoding.OpReportBuy:        {"brandFactoryId", "vin", "engineNum", "image", "orderId", "notifyUrl"},
	paoding.OpReportGet:        {"orderId"},
}

// runPaoding sends one Paoding operation with parameters named as the
// document names them (brandFactoryId, vin, orderId, lastModifyTime...)
// and prints the whole answer, code and remark included (the token and
// refresh token of a token answer masked unless --show-secrets).
func runPaoding(opts *Options) error {
	op := opts.Operation
	takes, known := paodingParams[op]
	if !known {
		ops := make([]string, 0, len(paodingParams))
		for o := range paodingParams {
			ops = append(ops, o)
		}
		return unknownOperation(paoding.Provider, op, ops)
	}
	params, err := readParams(opts, paoding.Provider, op)
	if err != nil {
		return err
	}
	if params, err = paodingNames(op, takes, params); err != nil {
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
				return failure.Invalid(paoding.Provider, op, failure.FieldError{Field: "brandFactoryId", Rule: fmt.Sprintf("is a whole number, the factory's id (got %s)", id), Example: "20"})
			}
			req.BrandFactoryID = n
		}
		if err := req.Validate(nil); err != nil {
			return err
		}
		if !opts.DryRun {
			if err := confirm(opts, paoding.Provider, op, "Buy a 4S report (order "+req.OrderID+")?"); err != nil {
				return err
			}
		}
		c, err := opts.PaodingClient()
		if err != nil {
			return err
		}
		res, braw, err := c.BuyReport(ctx, req)
		if err != nil {
			noteStandInToken(opts, err)
			return showRefusal(opts, oo, braw, err)
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
			return printTokenAnswer(opts, oo, c)
		case paoding.OpBrandList:
			_, raw, err = c.Brands(ctx)
		case paoding.OpBrandFactoryList:
			_, raw, err = c.BrandFactories(ctx, params["lastModifyTime"])
		case paoding.OpBrandFactoryGet:
			v := strings.TrimSpace(params["brandFactoryId"])
			id, cerr := strconv.Atoi(v)
			if cerr != nil {
				rule := "is required: a whole number, the factory's id"
				if v != "" {
					rule = fmt.Sprintf("must be a whole number, the factory's id (got %q)", v)
				}
				return failure.Invalid(paoding.Provider, op, failure.FieldError{Field: "brandFactoryId", Rule: rule, Example: "--set brandFactoryId=20"})
			}
			_, raw, err = c.BrandFactory(ctx, id)
		case paoding.OpReportGet:
			if params["orderId"] == "" {
				return failure.Invalid(paoding.Provider, op, failure.FieldError{Field: "orderId", Rule: "is required", Example: "--set orderId=DEMO-1"})
			}
			_, raw, err = c.GetReport(ctx, params["orderId"])
		}
		if err != nil {
			noteStandInToken(opts, err)
			return showRefusal(opts, oo, raw, err)
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: json.RawMessage(raw), Raw: raw})
}

// paodingNames respells the parameters given in any case (orderid, VIN)
// the way the document does, and refuses (exit 2, nothing sent) a name
// the operation does not take or one given twice: each operation reads
// only its own parameters, so any other would be dropped unseen.
func paodingNames(op string, takes []string, params map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(params))
	seen := map[string]string{}
	var bad []failure.FieldError
	for _, k := range sortedKeys(params) {
		name := ""
		for _, n := range takes {
			if strings.EqualFold(k, n) {
				name = n
			}
		}
		switch {
		case name == "" && len(takes) == 0:
			bad = append(bad, failure.FieldError{Field: k, Rule: op + " takes no parameters: what it sends comes from the profile (paoding.username, paoding.password) and the cached token; leave it out"})
		case name == "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is not a " + op + " parameter: " + op + " takes " + strings.Join(takes, ", "),
				Example: "--set " + takes[0] + "=..."})
		case seen[name] != "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is given twice (also as " + seen[name] + ")", Example: "--set " + name + "=..."})
		default:
			seen[name] = k
			out[name] = params[k]
		}
	}
	if len(bad) > 0 {
		return nil, failure.Invalid(paoding.Provider, op, bad...)
	}
	return out, nil
}

// printTokenAnswer runs token.generate or token.refresh (which caches the
// token, as `insure token get|refresh` do) and prints Paoding's whole
// answer with the token and the refresh token masked unless
// --show-secrets. A refresh that had to log in afresh prints the login's
// answer and says so on stderr.
func printTokenAnswer(opts *Options, oo output.Options, c *paoding.Client) error {
	get := c.GenerateTokenAnswer
	if opts.Operation == paoding.OpTokenRefresh {
		get = c.RefreshTokenAnswer
	}
	t, ans, err := get(opts.Ctx)
	var body []byte
	if ans != nil {
		body = ans.Body
		if !opts.ShowSecrets {
			body = maskTokenAnswer(body, t)
		}
	}
	if err != nil {
		return showRefusal(opts, oo, body, err)
	}
	if ans == nil {
		// Another insure process refreshed the token while this one
		// waited for the lock: nothing was sent, and there is no answer
		// to print but the cached token's expiry.
		fmt.Fprintf(opts.IO.ErrOut, "No request was sent: another insure process refreshed the paoding token just now; it is valid until %s.\n", output.Time(t.ExpiresAt))
		return nil
	}
	if ans.Operation != opts.Operation {
		fmt.Fprintf(opts.IO.ErrOut, "The refresh token could not be used, so insure logged in afresh: this is the %s answer.\n", ans.Operation)
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: json.RawMessage(body), Raw: body})
}

// maskTokenAnswer replaces, in a token answer as received, the token and
// the refresh token (under any of the names the document uses, and those
// the client cached) with asterisks.
func maskTokenAnswer(body []byte, t *tokencache.Token) []byte {
	var secrets []string
	if t != nil {
		secrets = append(secrets, t.Value, t.RefreshToken)
	}
	var env struct {
		Data map[string]any `json:"data"`
	}
	if json.Unmarshal(body, &env) == nil {
		for _, k := range []string{"token", "authorizationToken", "refreshToken"} {
			if v, ok := env.Data[k]; ok && v != nil {
				secrets = append(secrets, fmt.Sprint(v))
			}
		}
	}
	for _, s := range secrets {
		if s != "" {
			body = bytes.ReplaceAll(body, []byte(s), []byte("********"))
		}
	}
	return body
}
