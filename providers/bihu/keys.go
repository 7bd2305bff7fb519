package bihu

import "github.com/insurekit/insure/pkg/httpx"

// keyFields are the vehicle identifiers a renewal's request (when sent as
// JSON) or answer carries, keyed in the journal (docs/support.md).
var keyFields = httpx.KeyFields{
	"LicenseNo": "plate", "licenseNo": "plate",
	"CarVin": "vin", "carVin": "vin",
	"EngineNo": "engineNo", "engineNo": "engineNo",
}
