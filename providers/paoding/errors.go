package paoding

import (
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
)

// CodeOK is the only business code that means success.
const CodeOK = "10000"

// CodeInfo describes one documented business code.
type CodeInfo struct {
	Code    string
	Remark  string // the provider's short Chinese label for the code
	Meaning string // English
	Kind    failure.Kind
	Hint    string
}

// Codes lists every business code of the document, in its order, so the
// CLI and the docs can print the table without duplicating it.
var Codes = []CodeInfo{
	{CodeOK, "成功", "success", failure.Unexpected, ""},
	{"10010", "参数错误", "a parameter or header was rejected", failure.Refused,
		"check the fields against `insure vin-report buy --help` (lengths, formats) and rerun with -v to see what was sent"},
	{"10020", "账户错误", "the user name or sign was rejected", failure.Auth,
		"check the paoding username and password of the profile (`insure profile show`); `insure sign paoding` shows the sign they produce"},
	{"10030", "未授权", "the Authorization-Token was rejected (unknown or expired)", failure.Auth,
		"run `insure token get` for a new token; if that fails too, check the username and password of the profile"},
	{"10040", "访问次数超限", "a daily call quota is exhausted", failure.RateLimit,
		"wait until the quota resets at midnight (China time) or ask the provider for a higher quota"},
	{"10099", "其它错误", "the provider failed for another reason", failure.Refused,
		"retry later; if it persists, send the provider the orderId and the time of the call"},
	{"20010", "品牌厂商不存在", "the brand factory does not exist", failure.Refused,
		"list the valid ids with `insure vin-report factories`"},
	{"30010", "账户余额不足", "the account balance is too low for this report", failure.Refused,
		"top up the partner account with the provider, then run the same purchase again: nothing was bought (should the order id then be refused as used, 30020, give a new --order-id)"},
	{"30020", "订单号重复", "the orderId was already used", failure.Refused,
		"pick a new --order-id, or look the existing order up with `insure vin-report get ORDER_ID`"},
	{"30030", "不支持此品牌厂商", "reports are not offered for this brand factory", failure.Refused,
		"`insure vin-report factories` shows which factories are usable"},
	{"30040", "品牌厂商数据维护中", "the brand factory's data is under maintenance", failure.Refused,
		"try again later; nothing was charged"},
	{"30050", "图像模糊或者无法识别", "the licence photo could not be read", failure.Refused,
		"send a sharper photo URL, or order by --vin instead"},
	{"30060", "车架号错误", "the VIN was rejected", failure.Refused,
		"check the VIN: 17 characters, digits and capital letters without I, O and Q"},
	{"30070", "缺少发动机号", "this brand factory needs the engine number", failure.Refused,
		"pass --engine ENGINE_NO (`insure vin-report factories get ID` shows needEngineNum)"},
	{"30080", "订单号不存在", "no order has this orderId", failure.Refused,
		"check the orderId; it is the partner's own id given at purchase, not the platformOrderNum"},
}

// LookupCode returns the documented meaning of a business code.
func LookupCode(code string) (CodeInfo, bool) {
	for _, c := range Codes {
		if c.Code == code {
			return c, true
		}
	}
	return CodeInfo{}, false
}

// Quota is one operation's documented daily call limit.
type Quota struct {
	Production int
	Test       int
}

// DailyQuotas are the document's per-operation daily limits. Where it gives
// one figure for both environments, both fields hold it.
var DailyQuotas = map[string]Quota{
	OpTokenGenerate:    {1000, 5000},
	OpTokenRefresh:     {1000, 5000},
	OpBrandList:        {100, 500},
	OpBrandFactoryList: {100, 500},
	OpBrandFactoryGet:  {20000, 20000},
	OpReportBuy:        {20000, 20000},
	OpReportGet:        {20000, 20000},
}

// codeError turns a non-success business code into the typed error the CLI
// maps to an exit code. The hint depends on the operation where the same
// code means different things (10010 on a refresh is a spent refresh token).
func codeError(op, code, remark string) *failure.Error {
	info, ok := LookupCode(code)
	if !ok {
		info = CodeInfo{Code: code, Meaning: "undocumented business code", Kind: failure.Refused,
			Hint: "the document does not list this code; ask the provider what it means"}
	}
	if code == CodeOK {
		info.Kind = failure.Verification
		info.Meaning = "success code with an unusable answer"
	}
	msg := info.Meaning
	if remark != "" {
		msg += fmt.Sprintf(" (provider remark: %s)", remark)
	}
	e := &failure.Error{Kind: info.Kind, Provider: Provider, Operation: op, Code: code, Message: msg, Hint: info.Hint}
	switch {
	case code == "10010" && op == OpTokenRefresh:
		e.Message = "the refresh token was rejected: it works only once and may already be spent" + remarkSuffix(remark)
		e.Hint = "run `insure token get` to generate a new token"
	case code == "10010" && op == OpTokenGenerate:
		// Both fields always go, and a wrong user name or sign is 10020
		// (the document's example), so what was refused is the rest.
		e.Hint = "a user name and sign were sent, so the platform refused the rest of the request: check the profile's header-style (servers older than document version 1.2 want underscores) and rerun with -v to see the headers and body sent"
	case code == "10010" && op != OpReportBuy:
		// The table's hint is about a purchase's fields; these operations
		// send other parameters, or none but the headers.
		e.Hint = paramHints[op]
		if e.Hint == "" {
			e.Hint = "only the headers were sent: check the profile's api-version and header-style (servers older than document version 1.2 want underscores) and rerun with -v to see them"
		}
	case code == "10099" && op != OpReportBuy && op != OpReportGet:
		// Only an order has an orderId to quote to the provider.
		e.Hint = "retry later; if it persists, tell the provider the operation (" + op + ") and the time of the call"
	case code == "10020" && op == OpTokenGenerate:
		e.Hint = "check the paoding username (at most 15 characters) and password of the profile (`insure profile show`); `insure sign paoding` shows the sign they produce"
	case code == "10040":
		e.Message = fmt.Sprintf("the daily quota for %s is exhausted", op) + remarkSuffix(remark)
		if q, ok := DailyQuotas[op]; ok {
			// Where the document gives one figure, "20000 in production
			// and 20000 in the test environment" reads as two limits.
			limit := fmt.Sprintf("%d calls a day in production and %d in the test environment", q.Production, q.Test)
			if q.Production == q.Test {
				limit = fmt.Sprintf("%d calls a day, in production and in the test environment alike", q.Production)
			}
			e.Hint = op + " allows " + limit + "; wait for the reset at midnight (China time) or ask the provider for more"
		}
	}
	return e
}

// paramHints say, for 10010, what the operation sent besides the headers.
var paramHints = map[string]string{
	OpBrandFactoryList: "lastModifyTime must be written yyyy-MM-dd HH:mm:ss (for example 2017-01-01 00:00:00); rerun with -v to see what was sent",
	OpBrandFactoryGet:  "brandFactoryId must be a factory's integer id (for example 20; `insure vin-report factories` lists them); rerun with -v to see what was sent",
	OpReportGet:        "orderId must be the partner's own order id given at purchase (for example INS202503101200001234abcd); rerun with -v to see what was sent",
}

func remarkSuffix(remark string) string {
	if remark == "" {
		return ""
	}
	return " (provider remark: " + remark + ")"
}
