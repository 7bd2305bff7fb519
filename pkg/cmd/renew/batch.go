package renew

import (
	"context"
	"encoding/json"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/providers/bihu"
)

var batchFields = []string{"plate", "LicenseNo", "city", "CityCode", "vin", "CarVin", "engine", "EngineNo"}

// batchAdapter looks one vehicle up per line: plate (and city), or vin
// and engine (and city). --city on the command line is every line's
// default.
func batchAdapter(opts *Options) batch.Adapter {
	base := opts.Request
	return batch.Adapter{
		Command: "renew", Provider: bihu.Provider, Operation: "renewal",
		Echo: [][]string{{"plate", "LicenseNo"}, {"vin", "CarVin"}, {"city", "CityCode"}},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if err := rec.Known(batchFields...); err != nil {
				return nil, err
			}
			req := bihu.RenewalRequest{CityCode: base.CityCode}
			req.LicenseNo = rec.Str("plate", "LicenseNo")
			req.CarVin = rec.Str("vin", "CarVin")
			req.EngineNo = rec.Str("engine", "EngineNo")
			if c := rec.Str("city", "CityCode"); c != "" {
				req.CityCode = c
			}
			o := *opts
			o.Ctx, o.Request, o.Open, o.ListCities = ctx, req, false, false
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, Run(&o))
		},
	}
}
