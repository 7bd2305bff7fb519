package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/paoding"
)

func newHex32() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func minutes(d time.Duration) string { return strconv.Itoa(int(d / time.Minute)) }

func badParam(what string) answer { return fail("10010", "参数错误："+what) }

func tooLong(v string, n int) bool { return utf8.RuneCountInString(v) > n }

func (s *Server) generate(c *call) (answer, error) {
	user, sign := c.r.PostFormValue("userName"), c.r.PostFormValue("sign")
	if user == "" || sign == "" {
		return badParam("userName 和 sign 必填"), nil
	}
	// A user name over the table's 15 characters names no account and a
	// sign not 32 long matches none: both are a wrong user name or sign,
	// which the document's example answers with 10020, not 10010.
	// Hex case is not specified; a real MD5 comparison would likely be
	// case-insensitive, and rejecting upper case would only confuse.
	if user != TestUsername || !strings.EqualFold(sign, paoding.Sign(TestUsername, TestPassword)) {
		return fail("10020", "账户错误"), nil
	}
	if _, err := tokenExpiry.Sweep(c.tx, c.now, sweepTokens); err != nil {
		return answer{}, err
	}
	tok, rt := newHex32(), newHex32()
	if err := putToken(c.tx, tok, &tokenRec{User: user, ExpiresAt: c.now.Add(TokenLifetime), Refresh: rt}, time.Time{}); err != nil {
		return answer{}, err
	}
	return ok(map[string]string{
		s.opts.TokenField:   tok,
		"refreshToken":      rt,
		"effectiveDuration": minutes(TokenLifetime),
	}), nil
}

// refresh takes the token's current refresh token only: one used already,
// or another token's, is a parameter error.
func (s *Server) refresh(c *call) (answer, error) {
	rt := c.r.PostFormValue("refreshToken")
	if rt == "" || len(rt) != 32 || rt != c.tok.Refresh {
		return fail("10010", "参数错误"), nil
	}
	next, oldEnd := newHex32(), c.tok.ExpiresAt
	c.tok.Refresh, c.tok.ExpiresAt = next, c.now.Add(TokenLifetime)
	if err := putToken(c.tx, c.token, c.tok, oldEnd); err != nil {
		return answer{}, err
	}
	return ok(map[string]string{"refreshToken": next, "effectiveDuration": minutes(TokenLifetime)}), nil
}

func (s *Server) brandList(*call) (answer, error) {
	out := make([]wireBrand, 0, len(brands))
	for _, b := range brands {
		out = append(out, b.wire())
	}
	return ok(out), nil
}

func (s *Server) factoryList(c *call) (answer, error) {
	var since time.Time
	if v := c.r.URL.Query().Get("lastModifyTime"); v != "" {
		t, err := time.ParseInLocation(paoding.TimeLayout, v, china)
		if err != nil {
			return badParam("lastModifyTime 格式应为 yyyy-MM-dd HH:mm:ss"), nil
		}
		since = t
	}
	out := []wireFactory{}
	for _, f := range factories {
		if since.IsZero() || f.modifiedAt().After(since) {
			out = append(out, f.wire())
		}
	}
	return ok(out), nil
}

func (s *Server) factoryGet(c *call) (answer, error) {
	id, err := strconv.Atoi(c.r.URL.Query().Get("brandFactoryId"))
	if err != nil {
		return badParam("brandFactoryId 应为整数"), nil
	}
	f := factoryByID(id)
	if f == nil {
		return fail("20010", "品牌厂商不存在"), nil
	}
	return ok(f.wire()), nil
}

// buy checks in the order a real platform plausibly would: the form, then
// the factory, then the vehicle, then the money. Nothing is stored unless
// the order is accepted, so a refused orderId can be used again.
func (s *Server) buy(c *call) (answer, error) {
	// Values are checked as sent: the document trims nothing, so spaces
	// around a VIN or an orderId count against its length and shape. Only
	// presence ignores them, a blank value being no value.
	form := c.r.PostFormValue
	vin, image, engine := form("vin"), form("image"), form("engineNum")
	orderID, notify, fid := form("orderId"), form("notifyUrl"), form("brandFactoryId")
	if blank(vin) {
		vin = ""
	}
	if blank(image) {
		image = ""
	}
	if blank(engine) {
		engine = ""
	}
	if blank(fid) {
		fid = ""
	}
	switch {
	case blank(orderID) || blank(notify):
		return badParam("orderId 和 notifyUrl 必填"), nil
	case tooLong(orderID, 50):
		return badParam("orderId 最长 50 位"), nil
	case tooLong(notify, 100):
		return badParam("notifyUrl 最长 100 位"), nil
	case !absoluteURL(notify):
		return badParam("notifyUrl 应为 http(s) 地址"), nil
	case vin == "" && image == "":
		return badParam("vin 和 image 须二选一"), nil
	case vin != "" && image != "":
		return badParam("vin 和 image 只能二选一"), nil
	case image != "" && engine != "":
		return badParam("engineNum 只与 vin 一起传，不能与 image 同传"), nil
	case tooLong(engine, 15):
		return badParam("engineNum 最长 15 位"), nil
	case tooLong(image, 100):
		return badParam("image 最长 100 位"), nil
	case image != "" && !absoluteURL(image):
		// The table's image is the licence photo's URL: what is no
		// http(s) address cannot be fetched.
		return badParam("image 应为行驶证照片的 http(s) 地址"), nil
	case vin != "" && fid == "":
		return badParam("按 vin 购买时 brandFactoryId 必填"), nil
	}
	var f *factory
	if fid != "" {
		id, err := strconv.Atoi(fid)
		if err != nil {
			return badParam("brandFactoryId 应为整数"), nil
		}
		if f = factoryByID(id); f == nil {
			return fail("20010", "品牌厂商不存在"), nil
		}
		if !f.usable {
			return fail("30030", "不支持此品牌厂商"), nil
		}
		if f.maintenance {
			return fail("30040", "品牌厂商数据维护中"), nil
		}
	}
	if vin != "" {
		// The codes table has its own code for a wrong VIN, 30060; its
		// length (the table's 17) is part of being right, so a VIN too
		// short or too long is that code, not the general 10010.
		if !validVIN(vin) {
			return fail("30060", "车架号错误"), nil
		}
		if f.needEngine && engine == "" {
			return fail("30070", "缺少发动机号"), nil
		}
	} else if strings.Contains(strings.ToLower(image), "blur") {
		return fail("30050", "图像模糊或者无法识别"), nil
	}
	if o, err := order(c.tx, orderID); err != nil || o != nil {
		return fail("30020", "订单号重复"), err
	}
	if f == nil {
		f = factoryByID(imageFactoryID)
	}
	price := int64(f.price) * 100
	var spent int64
	if _, err := state.GetJSON(c.tx, kindSpent, "", &spent); err != nil {
		return answer{}, err
	}
	if s.opts.Balance > 0 && spent+price > s.opts.Balance {
		return fail("30010", "账户余额不足"), nil
	}
	if err := state.PutJSON(c.tx, kindSpent, "", spent+price); err != nil {
		return answer{}, err
	}
	seq, err := state.Next(c.tx, kindSeq, chinaDay(c.now))
	if err != nil {
		return answer{}, err
	}
	o := &Order{
		OrderID: orderID, PlatformOrderID: fmt.Sprintf("%s-%04d", c.now.In(china).Format("20060102"), seq),
		BrandFactoryID: f.id, VIN: vin, EngineNum: engine, Image: image, NotifyURL: notify, CreatedAt: c.now,
	}
	if err := state.PutJSON(c.tx, kindOrder, orderID, o); err != nil {
		return answer{}, err
	}
	if err := c.tx.Put(kindFirstNotice, noticeKey(o.CreatedAt, orderID), []byte{}); err != nil {
		return answer{}, err
	}
	return ok(map[string]string{"status": "success", "remark": "购买成功", "platformOrderNum": o.PlatformOrderID}), nil
}

func (s *Server) reportGet(c *call) (answer, error) {
	id := c.r.URL.Query().Get("orderId")
	if id == "" {
		return badParam("orderId 必填"), nil
	}
	// This table gives orderId no length. One longer than a purchase
	// takes (50) was never bought, so, like any id never bought, it is
	// not found (30080). It is only looked up by key: nothing is kept.
	o, err := order(c.tx, id)
	if err != nil || o == nil {
		return fail("30080", "订单号不存在"), err
	}
	return ok(s.buildReport(o, c.now)), nil
}

func blank(v string) bool { return strings.TrimSpace(v) == "" }

func absoluteURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// validVIN is the platform's own check: 17 of A-Z and 0-9 without I, O, Q.
func validVIN(v string) bool {
	if len(v) != 17 {
		return false
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') || c == 'I' || c == 'O' || c == 'Q' {
			return false
		}
	}
	return true
}
