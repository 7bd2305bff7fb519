package paoding

import "github.com/insurekit/insure/pkg/httpx"

// keyFields are the identifiers a Paoding answer carries, keyed in the
// journal (docs/support.md): the order, the platform's order number and
// the vehicle's VIN, plate and engine number.
var keyFields = httpx.KeyFields{
	"orderId":         "orderId",
	"platformOrderId": "platformOrderId",
	// report.buy's answer names the same number platformOrderNum.
	"platformOrderNum": "platformOrderId",
	"frameNo":          "vin",
	"vin":              "vin",
	"licenseNo":        "plate",
	"engineNo":         "engineNo",
}
