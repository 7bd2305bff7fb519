package sunshine

import "github.com/insurekit/insure/pkg/httpx"

// keyFields are the identifiers a Sunshine request or answer carries,
// keyed in the journal (docs/support.md): the session, the platform's
// order, proposal and policy numbers, the payment, the vehicle (form
// controls licenseNo, vehicleFrameNo, engineNo) and, stored only as
// salted hashes, the owner's, insured's and applicant's names and ID
// numbers.
var keyFields = httpx.KeyFields{
	"SessionId":      "sessionId",
	"TBOrderId":      "orderId",
	"ProposalNo":     "proposalNo",
	"PolicyNo":       "policyNo",
	"PayOrderId":     "payOrderId",
	"licenseNo":      "plate",
	"vehicleFrameNo": "vin",
	"engineNo":       "engineNo",
	"ownerName":      "ownerName",
	"ownerIdNo":      "ownerIdNumber",
	"insuredName":    "insuredName",
	"insuredIdNo":    "insuredIdNumber",
	"applicantName":  "applicantName",
	"applicantIdNo":  "applicantIdNumber",
}
