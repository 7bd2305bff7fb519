package ebao

import "time"

// Good values shown with a complaint about a member: each one, written
// where the complaint points, passes validation (a test holds them to
// that). The values are the document's own where it gives one.
const (
	exHolder    = `{"PH001": "Shop.Zhang", "PH005": 1, "PH006": "132456199001011234"}`
	exInsured   = `{"ISP001": "Shop.Zhang", "ISP004": 1, "ISP005": "132456199001011234"}`
	exSelection = `{"Veh_Owner_Guard": true, "ACC_DEATH": true}`
	exObject    = `{"type": "Person", "plan_code": "Plan_1", "componentSelection": ` + exSelection + `}`
	exCampaign  = `{"code": "campaign_1", "voucher": "abcdef"}`
	exFactors   = `{"P040": "2", "P041": "沪A6U615"}`
	exMobile    = "15710023568"
	exEmail     = "Shop.Zhang@123.com"
	exBirth     = "1990-01-01T00:00:00.000Z"
	isoExample  = "2030-01-16T03:07:53.970Z"
)

// exampleBody names the example file of op, shown with a complaint about
// the body as a whole.
func exampleBody(op string) string {
	name := map[string]string{OpIssuance: "issue", OpCancellation: "cancel"}[op]
	if name == "" {
		name = "quote"
	}
	return "the file insure example ebao " + name + " prints"
}

// tomorrow is the next midnight in Beijing, where policies start: an
// example effective date that is not already in the past.
func tomorrow() time.Time {
	now := time.Now().In(beijing)
	return time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, beijing)
}
