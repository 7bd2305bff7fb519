package renew

import (
	"errors"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// ourFieldNames renames, in a validation error of the renewal request,
// Bihu's parameter names to the command's own: the flags --plate, --vin,
// --engine and --city, which are also a --batch line's columns. A user
// who typed --plate XX read "LicenseNo: a plate is ...", a name they had
// not given; `insure api bihu renewal`, which takes Bihu's names, keeps
// them.
func ourFieldNames(err error) error {
	var fe *failure.Error
	if !errors.As(err, &fe) || len(fe.Fields) == 0 {
		return err
	}
	out := *fe
	out.Fields = make([]failure.FieldError, len(fe.Fields))
	for i, f := range fe.Fields {
		if name, ok := ourName[f.Field]; ok {
			f.Field = name
		}
		f.Rule = apiNames.Replace(f.Rule)
		f.Example = apiExamples.Replace(f.Example)
		out.Fields[i] = f
	}
	return &out
}

var ourName = map[string]string{"LicenseNo": "plate", "CarVin": "vin", "EngineNo": "engine", "CityCode": "city"}

// apiNames are the parameter names the rules mention in passing ("a VIN
// (CarVin) with its engine number (EngineNo)"): the words say it.
var apiNames = strings.NewReplacer(" (CarVin)", "", " (EngineNo)", "", " (LicenseNo)", "", " (CityCode)", "")

// apiExamples are examples written as parameters ("CarVin=LS4...
// EngineNo=2192209"), written as the flags.
var apiExamples = strings.NewReplacer("CarVin=", "--vin ", "EngineNo=", "--engine ", "LicenseNo=", "--plate ", "CityCode=", "--city ")
