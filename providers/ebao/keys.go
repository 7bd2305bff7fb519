package ebao

import (
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/httpx"
)

// keyFields are the identifiers a request or answer carries that the
// journal keys (docs/support.md): the numbers eBao assigns, the plate
// (factor P041) and, stored only as salted hashes, the holder's and the
// insured people's names and ID numbers.
var keyFields = httpx.KeyFields{
	"quotationNumber": "quotationNumber",
	"proposalNumber":  "proposalNumber",
	"policyNumber":    "policyNumber",
	// A cancellation's answer: support staff may be given this number.
	"endorsement_number": "endorsementNumber",
	"P041":               "plate",
	"vin":                "vin",
	"engineNo":           "engineNo",
	"PH001":              "holderName",
	"PH006":              "holderIdNumber",
	"ISP001":             "insuredName",
	"ISP005":             "insuredIdNumber",
}

// Plates returns the plates (factor P041) of the insured objects in a
// decoded quotation or issuance, distinct and joined with commas as the
// journal keeps them, under "plate"; nil when there is none. A batch
// echoes it so each output line names its vehicle.
func Plates(doc map[string]any) map[string]string {
	objects, _ := doc["insuredObjects"].([]any)
	var plates []string
	for _, o := range objects {
		obj, _ := o.(map[string]any)
		factors, _ := obj["factor_table"].(map[string]any)
		p, _ := factors["P041"].(string)
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(plates, p) {
			plates = append(plates, p)
		}
	}
	if len(plates) == 0 {
		return nil
	}
	return map[string]string{"plate": strings.Join(plates, ",")}
}
