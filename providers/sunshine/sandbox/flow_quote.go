package sandbox

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// The sandbox's field checks, compiled on first use rather than at every
// start of insure.
var (
	cityCodeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{8}$`) })
	mobileRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^1\d{10}$`) })
	// The frame number as the registration certificate gives it: the
	// manual's tables say at most 17 characters, not a 17-character VIN
	// (older vehicles have shorter ones).
	frameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z0-9]{1,17}$`) })
)

// idNoFits says whether the ID number data[key] fits its person's ID
// type (data's ownerIdType for ownerIdNo): with none, the resident ID
// the manual's tables ask for (身份证号), checked as GB 11643 writes it
// (sun.CheckIDNumber, as insure checks before sending). The manual names
// no type codes, so a number of any other type is taken.
func idNoFits(data map[string]string, key string) bool {
	return sun.CheckIDNumber(data[sun.IDTypeInput(key)], data[key]) == nil
}

// knownCity says whether code is a city code the city look-up hands out:
// the manual has 095 and 100 take Sunshine's codes, not any eight digits.
func knownCity(code string) bool {
	if !cityCodeRE().MatchString(code) {
		return false
	}
	for _, b := range branches {
		if b.id == code {
			return true
		}
	}
	return false
}

// colors (050) answers the H5 page colours of the manual's example.
func (c *call) colors() sun.Package {
	return c.ok(&sun.ResponseBody{TagsList: []sun.Tags{{Type: "cssArray", Tags: []sun.Tag{
		tag("label", "background", "css", "#ff8700", def("data", ""), def("dataUrl", ""), def("checkUrl", ""), def("premium", "")),
		tag("label", "radio", "css", "#53c35d", def("data", ""), def("dataUrl", ""), def("checkUrl", ""), def("premium", "")),
	}}}})
}

// vehicleLookup (095): a registered vehicle must give its VIN and engine
// number (200); a new car has nothing to add (100).
func (c *call) vehicleLookup() sun.Package {
	if !knownCity(c.in("cityCode")) {
		return c.stop("cityCode须为阳光提供的城市代码（城市查询接口的id）：" + c.in("cityCode"))
	}
	switch c.in("noLicenseFlag") {
	case "1":
		return c.ok(nil)
	case "0":
		if c.in("licenseNo") == "" {
			return c.stop("非新车须提供licenseNo")
		}
		return c.form("", formFor([]string{"vehicleFrameNo", "engineNo"}, nil)...)
	}
	return c.stop("noLicenseFlag须为0或1")
}

// basicInfo (100) opens a session and answers with the vehicle form.
func (c *call) basicInfo() (sun.Package, *session) {
	var bad []string
	if !knownCity(c.in("cityCode")) {
		bad = append(bad, "cityCode")
	}
	if c.in("ownerName") == "" {
		bad = append(bad, "ownerName")
	}
	// The inputs table marks these not nullable too, and describes
	// agentCode as the header's AgentCode (服务区域代码, W03210001), so
	// it is held to the same shape.
	for _, k := range []string{"agentCode", "spsource", "netcampaignno"} {
		if c.in(k) == "" || k == "agentCode" && !agentCodeRE().MatchString(c.in(k)) {
			bad = append(bad, k)
		}
	}
	if !mobileRE().MatchString(c.in("ownerMobile")) {
		bad = append(bad, "ownerMobile")
	}
	switch c.in("noLicenseFlag") {
	case "0":
		if c.in("licenseNo") == "" {
			bad = append(bad, "licenseNo")
		}
	case "1":
	default:
		bad = append(bad, "noLicenseFlag")
	}
	if len(bad) > 0 {
		return c.stop("基础信息有误：" + strings.Join(bad, "、")), nil
	}
	s := &session{SellerID: c.h.SellerID, Step: "100", Data: map[string]string{}}
	s.merge(c.req.InputsList)
	keys := vehicleKeys
	if newCar(s.Data) && s.beijing() {
		// The 100 answer's table collects the invoice for Beijing's new cars.
		keys = append(append([]string{}, vehicleKeys...), "vehicleInvoiceNo", "vehicleInvoiceDate")
	}
	return c.form("", formFor(keys, s.Data)...), s
}

// newCar says the purchase is for a new car without plates (100's
// noLicenseFlag 1).
func newCar(data map[string]string) bool { return data["noLicenseFlag"] == "1" }

// quote (105) checks the vehicle form and prices the chosen package.
func (c *call) quote() sun.Package {
	s := c.s
	data := map[string]string{}
	for k, v := range s.Data {
		data[k] = v
	}
	for k := range readOnlyKeys {
		if v, ok := c.req.Input(k); ok && data[k] != "" && v != data[k] {
			return c.stop(labels([]string{k}) + "为只读项，不可修改")
		}
	}
	for _, g := range c.req.InputsList {
		for _, i := range g.Inputs {
			data[i.Name] = i.Value
		}
	}
	if data["seats"] == "" {
		data["seats"] = "5"
	}
	if bad := c.badVehicle(data); len(bad) > 0 {
		return c.form("请补充或更正："+labels(bad), formFor(bad, data)...)
	}
	if strings.HasSuffix(strings.ToUpper(data["vehicleFrameNo"]), "00300") {
		return c.decline("该车辆不符合网上投保条件，请联系客服")
	}
	pkg := data["packageType"]
	if pkg == "" {
		pkg = "luxury"
	}
	choice, ok := packages()[pkg]
	if pkg == "optional" {
		choice, ok = s.Choice, s.PackageType == "optional"
		if !ok {
			choice, ok = packages()["luxury"], true
		}
	}
	if !ok {
		return c.stop("不支持的套餐：" + pkg)
	}
	s.Data = data
	return c.priced(pkg, choice, true)
}

func (c *call) badVehicle(d map[string]string) []string {
	var bad []string
	if !frameRE().MatchString(strings.ToUpper(d["vehicleFrameNo"])) {
		bad = append(bad, "vehicleFrameNo")
	}
	if !knownModel(d["vehicleId"]) {
		// Only an id from the model search (3.6) is a vehicle.
		bad = append(bad, "vehicleId")
	}
	if e := d["engineNo"]; e == "" || len(e) > 20 {
		bad = append(bad, "engineNo")
	}
	if n, err := strconv.Atoi(d["seats"]); err != nil || n < 2 || n > 11 {
		bad = append(bad, "seats")
	}
	// Not in the future, and for a new car within the last year (the 105
	// table's remark on firstRegisterDate).
	t, err := time.ParseInLocation("2006-01-02", d["firstRegisterDate"], chinaTime)
	today := c.now.In(chinaTime)
	if err != nil || t.After(c.now) || (newCar(d) && t.Before(time.Date(today.Year()-1, today.Month(), today.Day(), 0, 0, 0, 0, chinaTime))) {
		bad = append(bad, "firstRegisterDate")
	}
	if newCar(d) && strings.HasPrefix(d["cityCode"], "01") {
		// A new car in Beijing: the purchase invoice's number and date,
		// which the 105 table marks not nullable with that remark.
		if strings.TrimSpace(d["vehicleInvoiceNo"]) == "" {
			bad = append(bad, "vehicleInvoiceNo")
		}
		if !isDate(d["vehicleInvoiceDate"]) {
			bad = append(bad, "vehicleInvoiceDate")
		}
	}
	switch d["specialCarFlag"] {
	case "0", "":
	case "1":
		if _, err := time.Parse("2006-01-02", d["specialCarDate"]); err != nil {
			bad = append(bad, "specialCarDate")
		}
	default:
		bad = append(bad, "specialCarFlag")
	}
	if d["ownerName"] == "" {
		bad = append(bad, "ownerName")
	}
	if d["ownerIdNo"] == "" || !idNoFits(d, "ownerIdNo") {
		bad = append(bad, "ownerIdNo")
	}
	return bad
}

// requote (110) prices a free combination ("optional"). Its tables mark
// every coverage, forceFlag, isImmevalid, runArea and agreedDriver not
// nullable, so the request names the whole combination (the manual's two
// examples do); a missing or faulty one is sent back as a 200 form of
// those controls, prefilled with the session's values.
func (c *call) requote() sun.Package {
	if p := c.in("packageType"); p != "" && p != "optional" {
		return c.stop("修改报价只适用于自由组合套餐(optional)")
	}
	choice := map[string]string{}
	var empty []string
	for _, cov := range coverages() {
		v, _ := c.req.Input(cov.key)
		if v = strings.TrimSpace(v); v == "" && !cov.text {
			empty = append(empty, cov.key)
		}
		choice[cov.key] = v
	}
	bad := append(checkChoice(choice), c.badChoices()...)
	if len(empty)+len(bad) > 0 {
		// Show what the session has where the request left a gap.
		shown := map[string]string{}
		for k, v := range c.s.Choice {
			shown[k] = v
		}
		for k, v := range choice {
			if v != "" {
				shown[k] = v
			}
		}
		q := price(shown, c.seats(), c.forceFlag())
		groups := append([]sun.Tags{{Type: "optional", Tags: coverageTags(shown, q, c.forceFlag())}}, c.s.otherGroups(q)...)
		msg := "险别选择有误（取值不在选项中，或未投保其主险）：" + strings.Join(bad, "、")
		if len(empty) > 0 {
			msg = "修改报价须提交完整的险种列表及以下必填项：" + strings.Join(append(empty, bad...), "、")
		}
		return c.form(msg, only(groups, append(empty, bad...))...)
	}
	c.keepChoices()
	return c.priced("optional", choice, false)
}

func (c *call) seats() int {
	n, _ := strconv.Atoi(c.s.Data["seats"])
	if n == 0 {
		n = 5
	}
	return n
}

// forceFlag is the request's compulsory-insurance choice, else the
// session's, else yes.
func (c *call) forceFlag() bool {
	if v, ok := c.req.Input("forceFlag"); ok {
		return v != "0"
	}
	if c.s.Step == "100" {
		return true
	}
	return c.s.Force
}

// priced records the combination and answers the quote.
func (c *call) priced(pkg string, choice map[string]string, withVehicle bool) sun.Package {
	s := c.s
	tomorrow := c.now.In(chinaTime).AddDate(0, 0, 1).Format("2006-01-02")
	bizBegin, forceBegin := orDefault(c.in("bizBeginDate"), tomorrow), orDefault(c.in("forceBeginDate"), tomorrow)
	for _, d := range []string{bizBegin, forceBegin} {
		if _, err := time.Parse("2006-01-02", d); err != nil || d < tomorrow {
			return c.form("起保日期须晚于今天", deadlineTags(tomorrow, tomorrow))
		}
	}
	force := c.forceFlag()
	q := price(choice, c.seats(), force)
	s.PackageType, s.Choice, s.Force, s.Quote, s.Saved = pkg, choice, force, &q, false
	s.Data["bizBeginDate"], s.Data["forceBeginDate"] = bizBegin, forceBegin
	s.Step = c.h.RequestType
	var groups []sun.Tags
	if withVehicle {
		// The vehicle and owner as the manual's 105 answer (after the
		// reform) shows them.
		var vt, ot []sun.Tag
		for _, k := range []string{"cityCode", "licenseNo", "noLicenseFlag", "vehicleModelName", "vehicleId", "firstRegisterDate", "engineNo",
			"vehicleFrameNo", "specialCarFlag", "specialCarDate", "vehicleInvoiceNo", "vehicleInvoiceDate"} {
			vt = append(vt, tag("label", k, k, s.Data[k], def("premium", "0")))
		}
		for _, k := range []string{"ownerName", "ownerIdNo", "ownerMobile"} {
			ot = append(ot, tag("label", k, k, s.Data[k], def("premium", "0")))
		}
		groups = append(groups, sun.Tags{Type: "vehicleInfo", Tags: vt}, sun.Tags{Type: "ownerInfo", Tags: ot})
	}
	groups = append(groups, sun.Tags{Type: pkg, Tags: coverageTags(choice, q, force)}, deadlineTags(bizBegin, forceBegin), forceTags(q))
	groups = append(groups, s.otherGroups(q)...)
	return c.ok(&sun.ResponseBody{PackageType: pkg, TagsList: groups})
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

var chinaTime = time.FixedZone("CST", 8*3600)

// savePremium (115) keeps the package and offers the gift list.
func (c *call) savePremium() sun.Package {
	s := c.s
	if p := c.in("packageType"); p != "" && p != s.PackageType {
		return c.stop(fmt.Sprintf("套餐%s尚未报价，请先以该套餐发送105或110", p))
	}
	q := *s.Quote
	s.Saved, s.Step = true, "115"
	budget := giftBudget(q)
	gifts := sun.Tags{Type: "lifeTablePresents", Extra: []*sun.Node{{Name: "AvailableCost", Text: fmt.Sprintf("%d.0", budget)}}}
	for _, g := range offeredGifts(c.h.SessionID, budget) {
		gifts.Extra = append(gifts.Extra, &sun.Node{Name: "PresentInfo", Children: []*sun.Node{
			defNode("pkIdEncryption", g.id), defNode("presentName", g.name),
			defNode("showPrice", strconv.FormatInt(g.price, 10)), defNode("maxOptionalNum", strconv.FormatInt(g.max, 10)),
			defNode("presentType", "2"), defNode("prePresentNum", ""), defNode("phoneNoSign", map[bool]string{true: "1", false: "0"}[g.phone]),
			defNode("phoneNo", ""), defNode("accountNumberSign", "0"), defNode("accountNumber", ""), defNode("remark", ""),
		}})
	}
	return c.ok(&sun.ResponseBody{TagsList: []sun.Tags{
		deadlineTags(s.Data["bizBeginDate"], s.Data["forceBeginDate"]),
		forceTags(q),
		{Type: "commercial", Tags: []sun.Tag{premiumTag("bizTotalPremium", "商业总保费", q.Biz)}},
		{Type: "subPremium", Tags: []sun.Tag{premiumTag("standardPremium", "市场总价", q.Standard), premiumTag("totalPremium", "网购总价", q.Total)}},
		{Type: "engageList"},
		gifts,
		{Type: "addPresentPackages"},
		// 1: 120 collects the registration place (carPlace), as it
		// always does here.
		{Type: "isShowCarPlace", Tags: []sun.Tag{tag("hidden", "isShowCarPlace", "车籍地", "1", def("premium", ""))}},
	}})
}

func defNode(name, value string) *sun.Node {
	return &sun.Node{Name: "Definition", Attrs: []sun.Attr{{Name: "name", Value: name}}, Text: value}
}
