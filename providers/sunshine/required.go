package sunshine

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
}

// Requirements are what one transaction's table requires.
type Requirements struct {
	Section string // the manual's section with the table
	Items   []Requirement
}

// Required lists, for 095, 100 and 130, what the manual's tables (3.4,
// 3.5, 3.15) require a request to carry. The client does not check it:
// Build sends what it is given, so the platform's own refusals can still
// be exercised; commands that send a user's description check it first.
var Required = map[Transaction]Requirements{
	TxnVehicleLookup: {Section: "3.4", Items: []Requirement{
		{Group: "vehicleInfo", Input: "cityCode", Label: "the city code (Sunshine's, from `insure sunshine cities`)", Example: "08512200"},
		{Group: "vehicleInfo", Input: "licenseNo", Label: "the plate, empty only for a new car", Example: "粤A12345", UnlessNewCar: true},
		{Group: "vehicleInfo", Input: "noLicenseFlag", Label: "1 for a new car without plates, 0 otherwise", Example: "0"},
	}},
	TxnBasicInfo: {Section: "3.5", Items: []Requirement{
		{Group: "vehicleInfo", Input: "cityCode", Label: "the city code (Sunshine's, from `insure sunshine cities`)", Example: "08512200"},
		{Group: "vehicleInfo", Input: "licenseNo", Label: "the plate, empty only for a new car", Example: "粤A12345", UnlessNewCar: true},
		{Group: "vehicleInfo", Input: "noLicenseFlag", Label: "1 for a new car without plates, 0 otherwise", Example: "0"},
		{Group: "vehicleInfo", Input: "ownerName", Label: "the owner's name", Example: "张三"},
		{Group: "vehicleInfo", Input: "ownerMobile", Label: "the owner's mobile number", Example: "13800138000"},
		{Group: "vehicleInfo", Input: "agentCode", Label: "the service area code (the profile's agent-code)", Example: "W03210001"},
		{Group: "vehicleInfo", Input: "spsource", Label: "the advertising source code agreed with Sunshine (a P05 code)", Example: "P05-ADWBPZYL-M-xs165"},
		{Group: "vehicleInfo", Input: "netcampaignno", Label: "the online campaign code agreed with Sunshine (an H code)", Example: "Net"},
	}},
	TxnIssue: {Section: "3.15", Items: []Requirement{
		{Field: "payment.tbOrderId", Label: "your order number", Example: "TB2026030200001"},
		{Field: "payment.payOrderId", Label: "the payment platform's order number", Example: "2026030200001000910000069408"},
		{Field: "payment.checkPayNo", Label: "the payment's serial number", Example: "B5000M386466139260786"},
		{Field: "payment.payType", Label: "the payment provider (01 Alipay, 02 99bill)", Example: "01"},
		{Field: "payment.partnerId", Label: "your partner id with that payment provider", Example: "2088601078742391"},
		{Field: "payment.payTime", Label: "when it was paid, yyyy-MM-dd HH:mm:ss", Example: "2026-03-02 10:05:00"},
		{Field: "payment.payMoney", Label: "the amount paid, in fen", Example: "524855"},
		{Field: "payment.accountDate", Label: "the accounting date, yyyy-MM-dd", Example: "2026-03-02"},
		{Field: "order.tbOrderId", Label: "your order number", Example: "TB2026030200001"},
		{Field: "order.premium", Label: "the order's premium, in fen", Example: "524855"},
		{Field: "order.subOrders[].proposalNo", Label: "the proposal number the underwriting (120) gave", Example: "T085105092026000000"},
		{Field: "order.subOrders[].premium", Label: "the sub-order's premium, in fen", Example: "393855"},
		{Field: "order.subOrders[].itemId", Label: "your product id", Example: "2000036117417"},
	}},
}
