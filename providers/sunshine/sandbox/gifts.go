package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

type gift struct {
	id, name   string
	price, max int64 // yuan; how many at most
	phone      bool  // phoneNoSign 1: a mobile number goes with it
}

// giftBudget is what the gifts may cost, in yuan: 3% of the commercial
// premium.
func giftBudget(q quote) int64 { return q.Biz * 3 / 100 / 100 }

// offeredGifts are the presents a saved premium offers: a fuel card, and
// phone credit that needs the mobile number to top up. Their ids are
// derived from the SessionId, as encrypted keys would differ by session.
func offeredGifts(sessionID string, budget int64) []gift {
	id := func(n string) string {
		sum := sha256.Sum256([]byte(sessionID + "gift" + n))
		return hex.EncodeToString(sum[:8])
	}
	return []gift{
		{id: id("1"), name: "加油卡", price: 50, max: max(budget/50, 1)},
		{id: id("2"), name: "话费充值", price: 30, max: 3, phone: true},
	}
}

// badGifts checks the lifeTablePresent inputs of 120: the four lists
// line up one entry per gift ("even when empty"), each gift is offered,
// its count within its limit, its phone given when needed, and the whole
// within the budget. "" when they pass or none are chosen.
func (c *call) badGifts(in map[string]string) string {
	ids := in["pkIdEncryptions"]
	if ids == "" {
		return ""
	}
	if !c.s.Saved {
		return "未保存保费（115），不能选择投保礼"
	}
	for _, k := range []string{"prepresentnums", "prePhoneNos", "preAccountNumbers"} {
		if _, ok := in[k]; !ok {
			return "投保礼须同时提交" + k + "（为空也须提交）"
		}
	}
	list := strings.Split(ids, ",")
	nums, phones, accounts := strings.Split(in["prepresentnums"], ","), strings.Split(in["prePhoneNos"], ","), strings.Split(in["preAccountNumbers"], ",")
	if len(nums) != len(list) || len(phones) != len(list) || len(accounts) != len(list) {
		return "投保礼数量、手机号、账号须与礼品主键一一对应"
	}
	budget := giftBudget(*c.s.Quote)
	offer := map[string]gift{}
	for _, g := range offeredGifts(c.h.SessionID, budget) {
		offer[g.id] = g
	}
	var cost int64
	for i, id := range list {
		g, ok := offer[id]
		if !ok {
			return "未知的礼品：" + id
		}
		n, err := strconv.ParseInt(nums[i], 10, 64)
		if err != nil || n < 1 || n > g.max {
			return "礼品数量有误：" + g.name
		}
		if g.phone && !mobileRE().MatchString(phones[i]) {
			return "礼品须填写手机号：" + g.name
		}
		cost += n * g.price
	}
	if cost > budget {
		return "投保礼超出可用额度"
	}
	return ""
}
