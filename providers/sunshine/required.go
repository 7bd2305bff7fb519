package sunshine

import (
	"sync"
	"time"
)

// Requirement is one thing a transaction's table in the manual marks as
// not nullable (可为空: 否) or mandatory (必传: Y).
type Requirement struct {
	// Input is the name of an <input> of the InputsList (095, 100), in
	// whichever group it is; Group is the group the manual puts it in.
	Group, Input string
	// Field is, for a member of <Payment> or <Order> (130), its path in
	// a request description as its YAML names it: payment.payType,
	// order.premium, order.subOrders[].itemId ([] is every sub-order).
	Field string
	// Label says what it is, after the manual's description.
	Label   string
	Example string
	// UnlessNewCar: the table lets it be empty with the remark 新车为空
	// (empty for a new car), so it is required when noLicenseFlag is 0.
	UnlessNewCar bool
	// Format is the form the manual gives the value, when it gives one
	// (a date, a time, an amount in fen, a flag); nil: any non-empty
	// value.
	Format *Format
}

// Format is the form the manual gives a value: Rule says it in words,
// for an error message, and Valid checks it.
type Format struct {
	Rule  string
	valid func(string) bool
}

// Valid says whether v has the form.
func (f *Format) Valid(v string) bool { return f.valid(v) }

// The forms the tables give. A form the platform might take another way
// than the manual's table writes it takes both: AccountDate is yyyy-MM-dd
// in 3.15's table but a whole time in its example.
var (
	formatFlag = &Format{Rule: "1 (a new car without plates) or 0",
		valid: func(v string) bool { return v == "0" || v == "1" }}
	formatDate = &Format{Rule: "a date written yyyy-MM-dd",
		valid: layouts("2006-01-02")}
	formatTime = &Format{Rule: "a time written yyyy-MM-dd HH:mm:ss",
		valid: layouts("2006-01-02 15:04:05")}
	formatDateOrTime = &Format{Rule: "a date written yyyy-MM-dd (or yyyy-MM-dd HH:mm:ss, as the manual's example writes it)",
		valid: layouts("2006-01-02", "2006-01-02 15:04:05")}
	// Amounts are in fen (the manual's section 5): 100 yuan is 10000.
	formatFen = &Format{Rule: "a whole number of fen, digits only (100 yuan is 10000)",
		valid: allDigits}
)

// allDigits says whether v is one or more ASCII digits.
func allDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
}

// layouts accepts a value written in one of the time layouts.
func layouts(ls ...string) func(string) bool {
	return func(v string) bool {
		for _, l := range ls {
			if _, err := time.Parse(l, v); err == nil {
				return true
			}
		}
		return false
	}
}

// Requirements are what one transaction's table requires.
type Requirements struct {
	Section string // the manual's section with the table
	Items   []Requirement
}

// Required lists, for 095, 100, 120, 125, 130 and 135, what the manual's
// tables (3.4, 3.5, 3.10, 3.12, 3.15, 3.11) require a request to carry,
// and the form they give a value where they give one (Format). No table
// gives a length (130's size column is empty), so none is checked. The
// client does not check it: Build sends what it is given, so the
// platform's own refusals can still be exercised; commands that send a
// user's description check it first.
//
// 120 and 135 name the delivery group deliveryInfo in their tables and
// deliverInfo in their examples; the examples' name is the one sent,
// with the insured's address as on the ID card (insuredaddresseeDetails)
// in it, where the tables list it too.
//
// The tables are built on first use: as a package variable they were four
// fifths of what this package allocated at every start of every command.
var Required = sync.OnceValue(func() map[Transaction]Requirements {
	return map[Transaction]Requirements{
		TxnVehicleLookup: {Section: "3.4", Items: []Requirement{
			{Group: "vehicleInfo", Input: "cityCode", Label: "the city code (Sunshine's, from `insure sunshine cities`)", Example: "08512200"},
			{Group: "vehicleInfo", Input: "licenseNo", Label: "the plate, empty only for a new car", Example: "粤A12345", UnlessNewCar: true},
			{Group: "vehicleInfo", Input: "noLicenseFlag", Label: "1 for a new car without plates, 0 otherwise", Example: "0", Format: formatFlag},
		}},
		TxnBasicInfo: {Section: "3.5", Items: []Requirement{
			{Group: "vehicleInfo", Input: "cityCode", Label: "the city code (Sunshine's, from `insure sunshine cities`)", Example: "08512200"},
			{Group: "vehicleInfo", Input: "licenseNo", Label: "the plate, empty only for a new car", Example: "粤A12345", UnlessNewCar: true},
			{Group: "vehicleInfo", Input: "noLicenseFlag", Label: "1 for a new car without plates, 0 otherwise", Example: "0", Format: formatFlag},
			{Group: "vehicleInfo", Input: "ownerName", Label: "the owner's name", Example: "张三"},
			{Group: "vehicleInfo", Input: "ownerMobile", Label: "the owner's mobile number", Example: "13800138000"},
			{Group: "vehicleInfo", Input: "agentCode", Label: "the service area code (the profile's agent-code)", Example: "W03210001"},
			{Group: "vehicleInfo", Input: "spsource", Label: "the advertising source code agreed with Sunshine (a P05 code)", Example: "P05-ADWBPZYL-M-xs165"},
			{Group: "vehicleInfo", Input: "netcampaignno", Label: "the online campaign code agreed with Sunshine (an H code)", Example: "Net"},
		}},
		TxnUnderwrite: {Section: "3.10", Items: append(append(append(append(
			people("insuredInfo", "insured", "the insured's"),
			people("applicantInfo", "applicant", "the applicant's")...),
			people("ownerInfo", "owner", "the owner's")...),
			delivery...),
			Requirement{Group: "CarThroughCity", Input: "carPlace", Label: "where the car is registered (a code of `insure sunshine regions --registration`)", Example: "440100"},
			Requirement{Field: "order.tbOrderId", Label: "your order number", Example: "TB2026030200001"},
			Requirement{Field: "order.subOrders[].tbOrderId", Label: "your order number of each sub-order (biz, force)", Example: "TB2026030200002"},
		)},
		TxnDelivery: {Section: "3.11", Items: delivery},
		// The payment check is made "by the partner's order number and the
		// proposal numbers" (3.12): its table names the order's TBOrderId and
		// each sub-order's. Its example sends no ProposalNo, so that is not
		// required here.
		TxnPaymentCheck: {Section: "3.12", Items: []Requirement{
			{Field: "order.tbOrderId", Label: "your order number, as sent with 120", Example: "TB2026030200001"},
			{Field: "order.subOrders[].tbOrderId", Label: "your order number of each sub-order (biz, force), as sent with 120", Example: "TB2026030200002"},
		}},
		TxnIssue: {Section: "3.15", Items: []Requirement{
			{Field: "payment.tbOrderId", Label: "your order number", Example: "TB2026030200001"},
			{Field: "payment.payOrderId", Label: "the payment platform's order number", Example: "2026030200001000910000069408"},
			{Field: "payment.checkPayNo", Label: "the payment's serial number", Example: "B5000M386466139260786"},
			{Field: "payment.payType", Label: "the payment provider (01 Alipay, 02 99bill)", Example: "01"},
			{Field: "payment.partnerId", Label: "your partner id with that payment provider", Example: "2088601078742391"},
			{Field: "payment.payTime", Label: "when it was paid, yyyy-MM-dd HH:mm:ss", Example: "2026-03-02 10:05:00", Format: formatTime},
			{Field: "payment.payMoney", Label: "the amount paid, in fen", Example: "524855", Format: formatFen},
			{Field: "payment.accountDate", Label: "the accounting date, yyyy-MM-dd", Example: "2026-03-02", Format: formatDateOrTime},
			{Field: "order.tbOrderId", Label: "your order number", Example: "TB2026030200001"},
			{Field: "order.premium", Label: "the order's premium, in fen", Example: "524855", Format: formatFen},
			{Field: "order.subOrders[].proposalNo", Label: "the proposal number the underwriting (120) gave", Example: "T085105092026000000"},
			{Field: "order.subOrders[].premium", Label: "the sub-order's premium, in fen", Example: "393855", Format: formatFen},
			{Field: "order.subOrders[].itemId", Label: "your product id", Example: "2000036117417"},
		}},
	}
})

// people are the four inputs 120's table requires of one person.
func people(group, who, whose string) []Requirement {
	return []Requirement{
		{Group: group, Input: who + "Name", Label: whose + " name", Example: "张三"},
		{Group: group, Input: who + "IdNo", Label: whose + " resident ID number", Example: "440106198001011230"},
		{Group: group, Input: who + "Mobile", Label: whose + " mobile number", Example: "13800138000"},
		{Group: group, Input: who + "Email", Label: whose + " e-mail address", Example: "zhang.san@example.com"},
	}
}

// delivery is the delivery group 120 and 135 require. sendDate's form is
// 120's table's (3.10: YYYY-MM-DD); 135's table names the same input
// without one.
var delivery = []Requirement{
	{Group: "deliverInfo", Input: "addresseeName", Label: "the addressee's name", Example: "张三"},
	{Group: "deliverInfo", Input: "addresseeMobile", Label: "the addressee's mobile number", Example: "13800138000"},
	{Group: "deliverInfo", Input: "sendDate", Label: "the delivery date, yyyy-MM-dd (insure sunshine issue sends today's)", Example: "2026-03-02", Format: formatDate},
	{Group: "deliverInfo", Input: "addresseeProvince", Label: "the province code (`insure sunshine regions`)", Example: "44"},
	{Group: "deliverInfo", Input: "addresseeCity", Label: "the city code (`insure sunshine regions --parent PROVINCE`)", Example: "4401"},
	{Group: "deliverInfo", Input: "addresseeTown", Label: "the district code (`insure sunshine regions --parent CITY`)", Example: "440106"},
	{Group: "deliverInfo", Input: "addresseeDetails", Label: "the delivery address", Example: "广州市天河区体育西路1号"},
	{Group: "deliverInfo", Input: "insuredaddresseeDetails", Label: "the insured's address as on the ID card", Example: "广州市天河区体育西路1号"},
}
