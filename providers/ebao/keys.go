package ebao

import "github.com/insurekit/insure/pkg/httpx"

// keyFields are the identifiers a request or answer carries that the
// journal keys (docs/support.md): the numbers eBao assigns, the plate
// (factor P041) and, stored only as salted hashes, the holder's and the
// insured people's names and ID numbers.
var keyFields = httpx.KeyFields{
	"quotationNumber": "quotationNumber",
	"proposalNumber":  "proposalNumber",
	"policyNumber":    "policyNumber",
	"P041":            "plate",
	"vin":             "vin",
	"engineNo":        "engineNo",
	"PH001":           "holderName",
	"PH006":           "holderIdNumber",
	"ISP001":          "insuredName",
	"ISP005":          "insuredIdNumber",
}
