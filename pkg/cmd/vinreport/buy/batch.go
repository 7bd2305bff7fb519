package buy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// checkBatchFlags refuses, with --batch, the flags a line gives for itself:
// --order-id was dropped without a word (each line has its own), and
// --vin or --image became a default for lines without one, buying one
// car once per line.
func checkBatchFlags(cmd *cobra.Command, fl *batchcmd.Flags) error {
	if !fl.Enabled() {
		return nil
	}
	var given []string
	for _, n := range []string{"vin", "image", "order-id"} {
		if cmd.Flags().Changed(n) {
			given = append(given, "--"+n)
		}
	}
	if len(given) == 0 {
		return nil
	}
	return cmdutil.FlagErrorf("with --batch each line gives its vehicle (column vin or image) and its order_id (derived from the line when it has none), so %s cannot be used; --engine, --brand-factory, --notify-url and --again are defaults for every line", strings.Join(given, ", "))
}

// batchFields are the columns (CSV) or members (JSON Lines) of a --batch
// line, each field's names in snake_case, then camelCase (as the docs
// promise), then the API's own; the flags --engine, --notify-url and
// --brand-factory given on the command line are defaults for every line.
var batchFields = []batch.Field{
	{Names: []string{"vin"}, Example: `"LSVAU2180N2100035"`},
	{Names: []string{"engine", "engine_num", "engineNum"}},
	{Names: []string{"brand_factory", "brandFactory", "brand_factory_id", "brandFactoryId"}, Example: "20"},
	{Names: []string{"image"}},
	{Names: []string{"order_id", "orderId"}},
	{Names: []string{"notify_url", "notifyUrl"}},
}

// DerivedOrderID is the order id of a batch line that names none: fixed by
// the line's content, so running the batch again (or resuming it) reuses
// it and the platform refuses a second purchase (30020).
func DerivedOrderID(hash string) string { return "INSB" + hash[:40] }

func batchRequest(base paoding.BuyRequest, rec *batch.Record) (paoding.BuyRequest, error) {
	req := base
	if err := rec.Known(batchFields...); err != nil {
		return req, err
	}
	set := func(dst *string, names ...string) {
		if v := rec.Str(names...); v != "" {
			*dst = v
		}
	}
	set(&req.VIN, "vin")
	set(&req.EngineNum, "engine", "engine_num", "engineNum")
	set(&req.Image, "image")
	set(&req.OrderID, "order_id", "orderId")
	set(&req.NotifyURL, "notify_url", "notifyUrl")
	bf, err := rec.Int(batchFields[2].Names...)
	if err != nil {
		return req, err
	}
	if bf != 0 {
		req.BrandFactoryID = bf
	}
	return req, nil
}

// explainUsedOrderID gives a batch line refused for a used order id
// (30020) a hint about the line, not the command's flags: the existing
// order to look up, and the column that buys again.
func explainUsedOrderID(err error, rec *batch.Record, id string) {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return
	}
	get := "`insure vin-report get " + id + "`"
	if id == DerivedOrderID(rec.Hash) {
		fe.Hint = "the line names no order_id, so its order id " + id + " is derived from its content, and the same line used it before (earlier in this input, or in an earlier run): " +
			get + " shows that order; to buy this vehicle again, give the line its own order_id"
		return
	}
	fe.Hint = get + " shows the existing order; to buy again, give the line a new order_id"
}

// flagOfField is the command-line flag that gives a field to every line
// that has none.
var flagOfField = map[string]string{
	"engine": "--engine", "brand_factory": "--brand-factory", "notify_url": "--notify-url",
}

// explainLineFields words a line's field errors as the batch engine words
// its own refusals of a line ("line 3: ...; nothing was sent", and a
// hint): the message names the line, and the hint names the line's fields
// by their column (JSON member) names, not the API's, and how to go on.
func explainLineFields(err error, rec *batch.Record) {
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) == 0 {
		return
	}
	fe.Message = fmt.Sprintf("line %d: %s", rec.Line, fe.Message)
	if fe.Hint != "" {
		return // the field's own hint (notifyUrl) says more
	}
	var names []string
	for _, f := range fe.Fields {
		name := batchFieldName(f.Field)
		if flag := flagOfField[name]; flag != "" && rec.Str(batchFieldNames(name)...) == "" {
			name += " (or " + flag + " for every line)"
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	fe.Hint = fmt.Sprintf("correct %s on line %d, then run the same command with --resume: lines already bought are skipped, and the corrected line is sent",
		strings.Join(names, ", "), rec.Line)
}

// batchFieldName is the first name of the line field an API field comes
// from (brandFactoryId: brand_factory), or the API field's own name.
func batchFieldName(apiField string) string {
	for _, f := range batchFields {
		if slices.Contains(f.Names, apiField) {
			return f.Names[0]
		}
	}
	return apiField
}

func batchFieldNames(first string) []string {
	for _, f := range batchFields {
		if f.Names[0] == first {
			return f.Names
		}
	}
	return []string{first}
}

// batchAdapter runs Run once per line with the line's request.
func batchAdapter(opts *Options) batch.Adapter {
	base := opts.Request
	base.OrderID = "" // an order id is per line
	buying := newClaims()
	return batch.Adapter{
		Command: "vin-report buy", Provider: paoding.Provider, Operation: paoding.OpReportBuy, Act: true,
		Echo:   [][]string{{"vin"}, {"order_id", "orderId"}, {"image"}},
		Fields: batchFields, SettlesRepeats: true,
		Prepare: func(rec *batch.Record) error {
			if err := rec.Known(batchFields...); err != nil {
				return err
			}
			if rec.Str("order_id", "orderId") == "" {
				rec.Fields["order_id"] = DerivedOrderID(rec.Hash)
			}
			// Register the vehicle and order id now, in input order: a
			// later line naming either waits for this one (dupes.go).
			bl := &batchLine{claims: buying, seq: rec.Seq, line: rec.Line}
			if req, err := batchRequest(base, rec); err == nil && (req.VIN != "" || req.Image != "") && !opts.DryRun {
				bl.claim = buying.register(req, rec.Seq, rec.Line)
			}
			rec.State = bl
			return nil
		},
		Done: func(rec *batch.Record, l *batch.Line) {
			if bl, ok := rec.State.(*batchLine); ok {
				bl.finish(l.Outcome)
			}
		},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			bl, _ := rec.State.(*batchLine)
			if bl == nil {
				bl = &batchLine{claims: buying, seq: rec.Seq, line: rec.Line}
			}
			bl.ran = true
			req, err := batchRequest(base, rec)
			if err != nil {
				return nil, err
			}
			o := *opts
			o.Ctx, o.Request, o.Yes = ctx, req, true
			o.batchLine = bl
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			err = Run(&o)
			if hasCode(err, "30020") {
				explainUsedOrderID(err, rec, req.OrderID)
			}
			explainLineFields(err, rec)
			return batchcmd.Result(out, err)
		},
		Resolve: func(ctx context.Context, rec *batch.Record) (json.RawMessage, bool, error) {
			c, prof, err := opts.Client()
			if err != nil {
				return nil, false, err
			}
			id := rec.Str("order_id", "orderId")
			report, _, err := c.GetReport(ctx, id)
			switch {
			case err == nil:
				if st, serr := opts.Store(); serr == nil {
					// The earlier run's purchase is no longer unknown.
					journalSettled(ctx, st, prof.Name, paoding.BuyRequest{OrderID: id}, time.Time{}, nil, report, &purchases{})
				}
				b, _ := json.Marshal(Result{OrderID: id, PlatformOrderNum: report.PlatformOrderID.String(), Status: "success",
					Remark: "the order exists: confirmed by looking it up", VIN: rec.Str("vin"), Image: rec.Str("image"), Resolved: true})
				return b, true, nil
			case hasCode(err, "30080"):
				return nil, false, nil
			}
			return nil, false, err
		},
		CheckHint: func(rec *batch.Record) string {
			return "check it with `insure vin-report get " + rec.Str("order_id", "orderId") + "`"
		},
	}
}
