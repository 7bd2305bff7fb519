package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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

func (s *Server) generate(d *doc, r *http.Request, now time.Time) answer {
	user, sign := r.PostFormValue("userName"), r.PostFormValue("sign")
	switch {
	case user == "" || sign == "":
		return badParam("userName 和 sign 必填")
	case tooLong(user, 15):
		return badParam("userName 最长 15 位")
	case len(sign) != 32:
		return badParam("sign 应为 32 位")
	}
	// Hex case is not specified; a real MD5 comparison would likely be
	// case-insensitive, and rejecting upper case would only confuse.
	if user != TestUsername || !strings.EqualFold(sign, paoding.Sign(TestUsername, TestPassword)) {
		return fail("10020", "账户错误")
	}
	tok, rt := newHex32(), newHex32()
	d.Tokens[tok] = &tokenRec{User: user, ExpiresAt: now.Add(TokenLifetime)}
	d.Refresh[rt] = &refreshRc{Token: tok}
	return ok(map[string]string{
		s.opts.TokenField:   tok,
		"refreshToken":      rt,
		"effectiveDuration": minutes(TokenLifetime),
	})
}

func (s *Server) refresh(d *doc, r *http.Request, now time.Time) answer {
	tok := tokenHeader(r)
	rt := r.PostFormValue("refreshToken")
	rc, found := d.Refresh[rt]
	if rt == "" || len(rt) != 32 || !found || rc.Used || rc.Token != tok {
		return fail("10010", "参数错误")
	}
	rc.Used = true
	next := newHex32()
	d.Refresh[next] = &refreshRc{Token: tok}
	d.Tokens[tok].ExpiresAt = now.Add(TokenLifetime)
	return ok(map[string]string{"refreshToken": next, "effectiveDuration": minutes(TokenLifetime)})
}

func (s *Server) brandList(_ *doc, _ *http.Request, _ time.Time) answer {
	out := make([]wireBrand, 0, len(brands))
	for _, b := range brands {
		out = append(out, b.wire())
	}
	return ok(out)
}

func (s *Server) factoryList(_ *doc, r *http.Request, _ time.Time) answer {
	var since time.Time
	if v := r.URL.Query().Get("lastModifyTime"); v != "" {
		t, err := time.ParseInLocation(paoding.TimeLayout, v, china)
		if err != nil {
			return badParam("lastModifyTime 格式应为 yyyy-MM-dd HH:mm:ss")
		}
		since = t
	}
	out := []wireFactory{}
	for _, f := range factories {
		if since.IsZero() || f.modifiedAt().After(since) {
			out = append(out, f.wire())
		}
	}
	return ok(out)
}

func (s *Server) factoryGet(_ *doc, r *http.Request, _ time.Time) answer {
	id, err := strconv.Atoi(r.URL.Query().Get("brandFactoryId"))
	if err != nil {
		return badParam("brandFactoryId 应为整数")
	}
	f := factoryByID(id)
	if f == nil {
		return fail("20010", "品牌厂商不存在")
	}
	return ok(f.wire())
}

// buy checks in the order a real platform plausibly would: the form, then
// the factory, then the vehicle, then the money. Nothing is stored unless
// the order is accepted, so a refused orderId can be used again.
func (s *Server) buy(d *doc, r *http.Request, now time.Time) answer {
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	vin, image, engine := form("vin"), form("image"), form("engineNum")
	orderID, notify, fid := form("orderId"), form("notifyUrl"), form("brandFactoryId")
	switch {
	case orderID == "" || notify == "":
		return badParam("orderId 和 notifyUrl 必填")
	case tooLong(orderID, 50):
		return badParam("orderId 最长 50 位")
	case tooLong(notify, 100):
		return badParam("notifyUrl 最长 100 位")
	case !absoluteURL(notify):
		return badParam("notifyUrl 应为 http(s) 地址")
	case vin == "" && image == "":
		return badParam("vin 和 image 须二选一")
	case vin != "" && image != "":
		return badParam("vin 和 image 只能二选一")
	case tooLong(engine, 15):
		return badParam("engineNum 最长 15 位")
	case tooLong(image, 100):
		return badParam("image 最长 100 位")
	case vin != "" && fid == "":
		return badParam("按 vin 购买时 brandFactoryId 必填")
	}
	var f *factory
	if fid != "" {
		id, err := strconv.Atoi(fid)
		if err != nil {
			return badParam("brandFactoryId 应为整数")
		}
		if f = factoryByID(id); f == nil {
			return fail("20010", "品牌厂商不存在")
		}
		if !f.usable {
			return fail("30030", "不支持此品牌厂商")
		}
		if f.maintenance {
			return fail("30040", "品牌厂商数据维护中")
		}
	}
	if vin != "" {
		if !validVIN(vin) {
			return fail("30060", "车架号错误")
		}
		if f.needEngine && engine == "" {
			return fail("30070", "缺少发动机号")
		}
	} else if strings.Contains(strings.ToLower(image), "blur") {
		return fail("30050", "图像模糊或者无法识别")
	}
	if _, dup := d.Orders[orderID]; dup {
		return fail("30020", "订单号重复")
	}
	if f == nil {
		f = factoryByID(imageFactoryID)
	}
	price := int64(f.price) * 100
	if s.opts.Balance > 0 && d.Spent+price > s.opts.Balance {
		return fail("30010", "账户余额不足")
	}
	d.Spent += price
	d.Seq++
	o := &Order{
		OrderID: orderID, PlatformOrderID: fmt.Sprintf("%s-%04d", now.In(china).Format("20060102"), d.Seq),
		BrandFactoryID: f.id, VIN: vin, EngineNum: engine, Image: image, NotifyURL: notify, CreatedAt: now,
	}
	d.Orders[orderID] = o
	return ok(map[string]string{"status": "success", "remark": "购买成功", "platformOrderNum": o.PlatformOrderID})
}

func (s *Server) reportGet(d *doc, r *http.Request, now time.Time) answer {
	id := r.URL.Query().Get("orderId")
	if id == "" || tooLong(id, 50) {
		return badParam("orderId 必填，最长 50 位")
	}
	o, found := d.Orders[id]
	if !found {
		return fail("30080", "订单号不存在")
	}
	return ok(s.buildReport(o, now))
}

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
