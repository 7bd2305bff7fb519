package sandbox

import (
	"strconv"
	"strings"
	"sync"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// VehicleModelURL is the model search the vehicle form points to, as the
// platform's forms do (the sandbox does not serve it).
const VehicleModelURL = "http://chexian.sinosig.com/" + sun.VehicleModelPath

// tag builds a control with its definitions in the manual's order.
func tag(typ, key, label, value string, more ...sun.Definition) sun.Tag {
	t := sun.Tag{Definitions: []sun.Definition{{Name: "type", Value: typ}, {Name: "key", Value: key}, {Name: "label", Value: label}, {Name: "value", Value: value}}}
	t.Definitions = append(t.Definitions, more...)
	return t
}

func def(name, value string) sun.Definition { return sun.Definition{Name: name, Value: value} }

func premiumTag(key, label string, fen int64) sun.Tag {
	return tag("label", key, label, "", def("premium", strconv.FormatInt(fen, 10)))
}

func splitOptions(data string) []string {
	var vals []string
	for _, item := range strings.Split(data, ";") {
		if i := strings.LastIndex(item, ":"); i >= 0 {
			vals = append(vals, item[i+1:])
		}
	}
	return vals
}

// control is one input the sandbox can ask for.
type control struct {
	group, typ, key, label, data string
}

// controls the sandbox asks for, by key, with the group (Tags type) they
// belong to. The groups and keys are those of the manual's forms. Built on
// first use: the province list is joined at run time, and most runs of
// insure never start the sandbox.
var controls = sync.OnceValue(func() []control {
	return []control{
		{"vehicleInfo", "hidden", "isOcr", "是否使用OCR", ""},
		{"vehicleInfo", "text", "vehicleFrameNo", "车架号", ""},
		{"vehicleInfo", "text", "vehicleModelName", "品牌型号", ""},
		{"vehicleInfo", "hidden", "vehicleId", "车辆代码", ""},
		{"vehicleInfo", "text", "engineNo", "发动机号", ""},
		{"vehicleInfo", "select", "seats", "座位数", "2:2;3:3;4:4;5:5;6:6;7:7;8:8;9:9;10:10;11:11"},
		{"vehicleInfo", "date", "firstRegisterDate", "注册登记日期", ""},
		{"vehicleInfo", "radio", "specialCarFlag", "是否过户车", "是:1;否:0"},
		{"vehicleInfo", "cdate", "specialCarDate", "过户日期", ""},
		{"vehicleInfo", "text", "vehicleInvoiceNo", "新车购置发票号", ""},
		{"vehicleInfo", "date", "vehicleInvoiceDate", "发票开具日期", ""},
		{"vehicleInfo", "text", "ownerName", "车主", ""},
		{"vehicleInfo", "text", "ownerIdNo", "身份证号码", ""},
		{"vehicleInfo", "text", "licenseNo", "车牌号", ""},
		{"insuredInfo", "text", "insuredName", "被保险人姓名", ""},
		{"insuredInfo", "text", "insuredIdNo", "被保险人身份证号", ""},
		{"insuredInfo", "text", "insuredMobile", "被保险人手机", ""},
		{"insuredInfo", "text", "insuredEmail", "被保险人邮箱", ""},
		{"applicantInfo", "text", "applicantName", "投保人姓名", ""},
		{"applicantInfo", "text", "applicantIdNo", "投保人身份证号", ""},
		{"applicantInfo", "text", "applicantMobile", "投保人手机", ""},
		{"applicantInfo", "text", "applicantEmail", "投保人邮箱", ""},
		{"ownerInfo", "text", "ownerName", "车主姓名", ""},
		{"ownerInfo", "text", "ownerIdNo", "车主身份证号", ""},
		{"ownerInfo", "text", "ownerMobile", "车主手机", ""},
		{"ownerInfo", "text", "ownerEmail", "车主邮箱", ""},
		{"deliverInfo", "text", "addresseeName", "收件人姓名", ""},
		{"deliverInfo", "text", "addresseeMobile", "收件人手机", ""},
		{"deliverInfo", "date", "sendDate", "配送日期", ""},
		{"deliverInfo", "select", "addresseeProvince", "省份", provinceOptions()},
		{"deliverInfo", "cascade", "addresseeCity", "城市", ""},
		{"deliverInfo", "cascade", "addresseeTown", "区县", ""},
		{"deliverInfo", "text", "addresseeDetails", "收件地址", ""},
		{"deliverInfo", "text", "insuredaddresseeDetails", "被保人身份证地址", ""},
		{"CarThroughCity", "cascade", "carPlace", "车籍地", ""},
	}
})

func provinceOptions() string {
	var out []string
	for _, p := range provinces {
		out = append(out, p.name+":"+p.code)
	}
	return strings.Join(out, ";")
}

// lookups names the look-up each control's dataUrl or checkUrl points to.
var lookups = sync.OnceValue(func() map[string][2]string {
	return map[string][2]string{
		"vehicleModelName":  {sun.VehicleModelPath, ""},
		"addresseeProvince": {sun.RegionPath, ""},
		"addresseeCity":     {sun.RegionPath, ""},
		"addresseeTown":     {sun.RegionPath, ""},
		"carPlace":          {sun.CarCityPath, ""},
		"ownerIdNo":         {"", CheckIDPath},
		"insuredIdNo":       {"", CheckIDPath},
		"applicantIdNo":     {"", CheckIDPath},
	}
})

// formFor returns the Tags asking for keys, grouped as the manual groups
// them, each prefilled from data. A key some groups share (the owner's
// name and ID: vehicleInfo in the vehicle form, ownerInfo in 120) is
// asked in the first of them; formIn chooses the groups.
func formFor(keys []string, data map[string]string) []sun.Tags { return formIn(nil, keys, data) }

// formIn is formFor with the controls of the groups named (nil: any).
func formIn(groups []string, keys []string, data map[string]string) []sun.Tags {
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	in := map[string]bool{}
	for _, g := range groups {
		in[g] = true
	}
	var out []sun.Tags
	for _, c := range controls() {
		if !want[c.key] || (groups != nil && !in[c.group]) {
			continue
		}
		want[c.key] = false
		v := data[c.key]
		if v == "" {
			v = formDefaults[c.key]
		}
		more := []sun.Definition{}
		if c.data != "" {
			more = append(more, def("data", c.data))
		}
		data, check := "", ""
		if l := lookups()[c.key]; l[0] != "" {
			data = lookupURL(l[0])
		}
		if l := lookups()[c.key]; l[1] != "" {
			check = lookupURL(l[1])
		}
		more = append(more, def("dataUrl", data), def("checkUrl", check))
		t := tag(c.typ, c.key, c.label, v, more...)
		if readOnlyKeys[c.key] && v != "" {
			t.Readonly = "true"
		}
		if disabledKeys[c.key] {
			t.Definitions = append(t.Definitions, def("disable", "1"))
		}
		if len(out) == 0 || out[len(out)-1].Type != c.group {
			out = append(out, sun.Tags{Type: c.group})
		}
		out[len(out)-1].Tags = append(out[len(out)-1].Tags, t)
	}
	return out
}

// formDefaults are the values the manual's vehicle form (the 100 answer)
// comes with: no OCR, five seats, not a transferred car. A person who
// only confirms the form gives these, as on the platform's own pages.
var formDefaults = map[string]string{"isOcr": "0", "seats": "5", "specialCarFlag": "0"}

// readOnlyKeys are shown but may not be changed once set: the owner named
// in 100 is the owner the purchase is for.
var readOnlyKeys = map[string]bool{"ownerName": true}

// disabledKeys are shown and not sent back: the plate given in 100.
var disabledKeys = map[string]bool{"licenseNo": true}

// vehicleKeys is the vehicle form of the 100 answer.
var vehicleKeys = []string{"isOcr", "vehicleFrameNo", "vehicleModelName", "vehicleId", "engineNo", "seats",
	"firstRegisterDate", "specialCarFlag", "specialCarDate", "ownerName", "ownerIdNo", "licenseNo"}

// labels returns the labels of keys, for messages.
func labels(keys []string) string {
	var out []string
	for _, k := range keys {
		l := k
		for _, c := range controls() {
			if c.key == k {
				l = c.label
				break
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "、")
}

// coverageTags lists every coverage of a combination with its premium,
// then the compulsory choice and the totals, as the quote answers do.
func coverageTags(choice map[string]string, q quote, force bool) []sun.Tag {
	var out []sun.Tag
	for _, c := range coverages() {
		v := choice[c.key]
		if v == "" {
			v = "0"
		}
		if c.text {
			// The size of cov_734 as priced; 0 while it is not chosen, as
			// the manual's answers show it.
			v = "0"
			if on, _ := strconv.ParseFloat(choice["cov_734"], 64); on != 0 {
				n, _ := repairSize(choice, c.key)
				v = strconv.FormatInt(n, 10)
			}
			out = append(out, tag("text", c.key, c.label, v, def("data", ""), def("dataUrl", ""), def("checkUrl", ""), def("premium", "0")))
			continue
		}
		out = append(out, tag("select", c.key, c.label, v, def("data", c.options()), def("dataUrl", ""), def("checkUrl", ""),
			def("premium", strconv.FormatInt(q.Coverages[c.key], 10))))
	}
	out = append(out, tag("label", "lastClaimText", "上年出险信息", "", def("data", ""), def("dataUrl", ""), def("checkUrl", ""), def("premium", "")))
	ff := "0"
	if force {
		ff = "1"
	}
	return append(out,
		tag("radio", "forceFlag", "交强险", ff, def("data", "投保:1;不投保:0"), def("premium", "0")),
		premiumTag("bizTotalPremium", "商业总保费", q.Biz),
		premiumTag("standardPremium", "市场价", q.Standard),
		premiumTag("totalPremium", "网购价", q.Total))
}

func forceTags(q quote) sun.Tags {
	return sun.Tags{Type: "force", Tags: []sun.Tag{
		premiumTag("forcePremium", "交强险", q.Force),
		premiumTag("vehicleTaxPremium", "车船税", q.Tax),
		premiumTag("forceTotalPremium", "交强险总保费", q.ForceTotal),
	}}
}

func deadlineTags(biz, force string) sun.Tags {
	return sun.Tags{Type: "deadline", Tags: []sun.Tag{
		tag("date", "bizBeginDate", "商业险起保日期", biz),
		tag("date", "forceBeginDate", "交强险起保日期", force),
	}}
}

// totalsTags is the short premium summary of the 120 and 125 answers.
func totalsTags(q quote) sun.Tags {
	return sun.Tags{Tags: []sun.Tag{
		premiumTag("forcePremium", "交强险费", q.Force),
		premiumTag("vehicleTaxPremium", "车船税费", q.Tax),
		premiumTag("bizTotalPremium", "商业总保费", q.Biz),
		premiumTag("totalPremium", "网购总价", q.Total),
	}}
}
