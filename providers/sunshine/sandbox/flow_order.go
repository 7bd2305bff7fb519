package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// The inputs the tables of 120 (3.10.1) and 135 (3.11.1) mark not
// nullable, by group, and the sandbox asks for when missing or
// malformed. The e-mail addresses of the three people and the delivery
// date (sendDate, yyyy-MM-dd) are among them, though the manual's own
// example request leaves them empty: the table is the rule. So is the
// insured's address as on the ID card (insuredaddresseeDetails), which
// the examples send in the delivery group.
var (
	insuredKeys   = []string{"insuredName", "insuredIdNo", "insuredMobile", "insuredEmail"}
	applicantKeys = []string{"applicantName", "applicantIdNo", "applicantMobile", "applicantEmail"}
	ownerKeys     = []string{"ownerName", "ownerIdNo", "ownerMobile", "ownerEmail"}
	deliveryKeys  = []string{"addresseeName", "addresseeMobile", "sendDate", "addresseeProvince", "addresseeCity", "addresseeTown", "addresseeDetails", "insuredaddresseeDetails"}
)

// underwriteKeys are all the 120 inputs the sandbox requires.
var underwriteKeys = sync.OnceValue(func() []string {
	return concat(insuredKeys, applicantKeys, deliveryKeys, []string{"carPlace"}, ownerKeys)
})

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// underwriteGroups are the groups of the 120 form.
var underwriteGroups = []string{"insuredInfo", "applicantInfo", "ownerInfo", "deliverInfo", "CarThroughCity"}

// missing lists the keys whose value is empty or malformed in data.
func missing(keys []string, data map[string]string) []string {
	var bad []string
	for _, k := range keys {
		v := data[k]
		switch {
		case v == "":
			bad = append(bad, k)
		case sun.IsIDNumberInput(k) && !idNoFits(data, k):
			bad = append(bad, k)
		case strings.HasSuffix(k, "Mobile") && !mobileRE().MatchString(v):
			bad = append(bad, k)
		case k == "sendDate" && !isDate(v):
			// The table's format: YYYY-MM-DD. It says nothing of which
			// days, so any real date is taken.
			bad = append(bad, k)
		case k == "addresseeProvince" && !regionKnown("0", v),
			k == "addresseeCity" && !regionKnown(data["addresseeProvince"], v),
			k == "addresseeTown" && !regionKnown(data["addresseeCity"], v),
			k == "carPlace" && !carPlaceKnown(v):
			// Codes come from the look-ups, level under level.
			bad = append(bad, k)
		}
	}
	return bad
}

// isDate says whether v is a date written yyyy-MM-dd.
func isDate(v string) bool {
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

func (c *call) inputs() map[string]string {
	m := map[string]string{}
	for _, g := range c.req.InputsList {
		for _, i := range g.Inputs {
			m[i.Name] = i.Value
		}
	}
	return m
}

// underwrite (120) takes the people, the delivery address and the
// partner's order, and hands out proposal numbers. Beijing purchases must
// then confirm the applicant's verification code (127).
func (c *call) underwrite() sun.Package {
	s := c.s
	in := c.inputs()
	if bad := missing(underwriteKeys(), in); len(bad) > 0 {
		// The owner's controls come prefilled with the owner the
		// purchase already has, as the 105 answer shows them.
		data := map[string]string{}
		for _, k := range ownerKeys {
			data[k] = s.Data[k]
		}
		for k, v := range in {
			if v != "" || data[k] == "" {
				data[k] = v
			}
		}
		return c.form("请补充或更正："+labels(bad), formIn(underwriteGroups, bad, data)...)
	}
	if msg := c.badGifts(in); msg != "" {
		return c.stop(msg)
	}
	o := c.req.Order
	if o == nil || o.TBOrderID == "" {
		return c.stop("核保请求须包含Order及TBOrderId")
	}
	q := *s.Quote
	want := map[string]bool{"biz": q.Biz > 0, "force": s.Force}
	var subs []sun.SubOrder
	for _, so := range o.SubOrders {
		if !want[so.Type] {
			return c.stop("子订单类型与报价不符：" + so.Type)
		}
		if so.TBOrderID == "" {
			return c.stop("子订单缺少TBOrderId：" + so.Type)
		}
		premium := q.Biz
		if so.Type == "force" {
			premium = q.ForceTotal
		}
		subs = append(subs, sun.SubOrder{Type: so.Type, TBOrderID: so.TBOrderID, ItemID: so.ItemID,
			ProposalNo: s.proposalNo(so.Type, c.h.SessionID, c.now.In(chinaTime).Format("2006")),
			Premium:    strconv.FormatInt(premium, 10)})
		delete(want, so.Type)
	}
	for _, typ := range []string{"biz", "force"} {
		if want[typ] {
			return c.stop("缺少子订单：" + typ)
		}
	}
	for k, v := range in {
		s.Data[k] = v
	}
	s.TBOrderID, s.SubOrders, s.Step = o.TBOrderID, subs, "120"
	s.NeedCode, s.CodeOK = s.beijing(), false
	verify := "0"
	if s.NeedCode {
		verify = "1"
	}
	return c.ok(&sun.ResponseBody{TagsList: []sun.Tags{totalsTags(q)}, Order: c.orderAnswer(false, false), IsIDVerify: verify})
}

// orderAnswer is the session's order as the answers show it.
func (c *call) orderAnswer(withPremium, withPolicy bool) *sun.Order {
	s := c.s
	o := &sun.Order{TBOrderID: s.TBOrderID}
	if withPremium {
		empty := ""
		o.Premium, o.PayNo = strconv.FormatInt(s.Quote.Total, 10), &empty
	}
	for _, so := range s.SubOrders {
		out := sun.SubOrder{Type: so.Type, TBOrderID: so.TBOrderID, ProposalNo: so.ProposalNo}
		if withPremium {
			out.Premium = so.Premium
		}
		if withPolicy {
			out.PolicyNo = so.PolicyNo
		}
		o.SubOrders = append(o.SubOrders, out)
	}
	return o
}

func codeAnswer(code, msg string) *sun.ResponseBody {
	return &sun.ResponseBody{ResponseCode: code, ResponseMessage: msg}
}

// sendCode (126) "texts" the code again.
func (c *call) sendCode() sun.Package {
	if !c.s.NeedCode {
		return c.stop("该投保单无需短信验证")
	}
	c.s.CodeSent++
	return c.ok(codeAnswer("success", ""))
}

// checkCode (127) confirms the code the applicant received.
func (c *call) checkCode() sun.Package {
	if !c.s.NeedCode {
		return c.stop("该投保单无需短信验证")
	}
	if c.req.IssueCode != c.s.verificationCode() {
		return c.ok(codeAnswer("fail", "验证码错误"))
	}
	c.s.CodeOK = true
	return c.ok(codeAnswer("success", ""))
}

// delivery (135) changes the address before payment.
func (c *call) delivery() sun.Package {
	in := c.inputs()
	if bad := missing(deliveryKeys, in); len(bad) > 0 {
		return c.stop("配送信息修改失败，请检查：" + labels(bad))
	}
	for k, v := range in {
		c.s.Data[k] = v
	}
	c.s.Step = "135"
	return c.ok(nil)
}

// sameOrder checks that the request names the session's order, its
// sub-orders' order numbers and proposals, every sub-order of it and no
// other.
func (c *call) sameOrder(o *sun.Order) string {
	if o == nil || o.TBOrderID != c.s.TBOrderID {
		return "订单号与核保时不一致"
	}
	props, orders := map[string]string{}, map[string]string{}
	for _, so := range c.s.SubOrders {
		props[so.Type], orders[so.Type] = so.ProposalNo, so.TBOrderID
	}
	named := map[string]bool{}
	for _, so := range o.SubOrders {
		if _, ok := props[so.Type]; !ok {
			return "子订单类型不符：" + so.Type
		}
		// The 125 and 130 tables name the partner's order number three
		// times: the order's and each sub-order's, those 120 gave.
		if so.TBOrderID != orders[so.Type] {
			return "子订单号与核保时不一致：" + so.Type + " " + so.TBOrderID
		}
		if so.ProposalNo != "" && so.ProposalNo != props[so.Type] {
			return "投保单号不符：" + so.ProposalNo
		}
		named[so.Type] = true
	}
	// The order is the session's whole order: a sub-order left out would
	// be paid and issued without the request saying so.
	for _, so := range c.s.SubOrders {
		if !named[so.Type] {
			return "子订单缺失：" + so.Type + "（" + so.ProposalNo + "）"
		}
	}
	return ""
}

// paymentCheck (125) says the proposals may be paid, with the amount.
func (c *call) paymentCheck() sun.Package {
	if msg := c.sameOrder(c.req.Order); msg != "" {
		return c.stop(msg)
	}
	if bad := payCheckMissing(c.req.Order); len(bad) > 0 {
		return c.stop("支付检查请求缺少必传项：" + strings.Join(bad, "、"))
	}
	if c.s.NeedCode && !c.s.CodeOK {
		return c.stop("请先完成短信验证（127）")
	}
	c.s.Step = "125"
	return c.ok(&sun.ResponseBody{TagsList: []sun.Tags{totalsTags(*c.s.Quote)}, Order: c.orderAnswer(true, false)})
}

// issue (130) takes the payment and issues the policies.
func (c *call) issue() sun.Package {
	s := c.s
	if msg := c.sameOrder(c.req.Order); msg != "" {
		return c.stop(msg)
	}
	p := c.req.Payment
	if p == nil || p.TBOrderID != s.TBOrderID {
		return c.stop("支付信息缺失或订单号不符")
	}
	if p.PayMoney != strconv.FormatInt(s.Quote.Total, 10) {
		return c.stop(fmt.Sprintf("支付金额%s分与应缴保费%d分不符", p.PayMoney, s.Quote.Total))
	}
	if bad := issueMissing(c.req.Order, p); len(bad) > 0 {
		return c.stop("承保请求缺少必传项或格式不符：" + strings.Join(bad, "、"))
	}
	if msg := accountDateMismatch(p); msg != "" {
		return c.stop(msg)
	}
	if msg := c.issuePremiums(c.req.Order); msg != "" {
		return c.stop(msg)
	}
	for i := range s.SubOrders {
		s.SubOrders[i].PolicyNo = "P" + strings.TrimPrefix(s.SubOrders[i].ProposalNo, "T")
	}
	s.Step = "130"
	return c.ok(&sun.ResponseBody{Order: c.orderAnswer(false, true)})
}
