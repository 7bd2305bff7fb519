package renew

import (
	"context"
	"encoding/json"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/providers/bihu"
)

// batchFields are a line's fields: ours, then Bihu's names for them.
var batchFields = []batch.Field{
	{Names: []string{"plate", "LicenseNo"}, Example: `"京A12345"`},
	{Names: []string{"city", "CityCode"}, Example: `"北京"`},
	{Names: []string{"vin", "CarVin"}},
	{Names: []string{"engine", "EngineNo"}},
}

// batchAdapter looks one vehicle up per line: plate (and city), or vin
// and engine (and city). --city on the command line is the default of a
// line that gives no city and whose plate names none: renewal cannot
// cross regions, so a plate's own city comes first, as the profile's
// city-code comes after it on one lookup.
func batchAdapter(opts *Options) batch.Adapter {
	base := opts.Request
	return batch.Adapter{
		Command: "renew", Provider: bihu.Provider, Operation: "renewal", Fields: batchFields,
		Echo: [][]string{{"plate", "LicenseNo"}, {"vin", "CarVin"}, {"city", "CityCode"}},
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if err := rec.Known(batchFields...); err != nil {
				return nil, err
			}
			req := bihu.RenewalRequest{}
			req.LicenseNo = rec.Str("plate", "LicenseNo")
			req.CarVin = rec.Str("vin", "CarVin")
			req.EngineNo = rec.Str("engine", "EngineNo")
			req.CityCode = rec.Str("city", "CityCode")
			if _, named := bihu.CityForPlate(req.Normalize().LicenseNo); req.CityCode == "" && !named {
				req.CityCode = base.CityCode
			}
			o := *opts
			o.Ctx, o.Request, o.Open, o.ListCities, o.batchLine = ctx, req, false, false, true
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			return batchcmd.Result(out, Run(&o))
		},
	}
}
