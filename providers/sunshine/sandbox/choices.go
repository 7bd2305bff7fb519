package sandbox

import (
	"fmt"
	"slices"
	"strings"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// A priced answer (105, and 110, which answers as 105 does) carries, after
// the package, the groups of the manual's 105 answers: gift points
// (lifeTableCpm), driving area (runAreaType), named drivers
// (driverInfoFlag, driverInfo), immediate effect (immevalid) and a
// campaign note (campaignViewPlan). The manual's answer before the 2015
// reform has immevalid and one driverInfo group, the one after it two
// driverInfo groups and campaignViewPlan; the sandbox answers with all of
// them, since the 110 tables of both take immevalid. Their choices do not
// change premiums.

// choiceKeys are the choices 110 sends back in those groups, with their
// group, label, control type, options and the value a new quote shows.
var choiceKeys = []struct{ group, key, label, typ, data, value string }{
	{"runAreaType", "runArea", "行驶区域", "select", "全国:04;省内:03", "04"},
	{"driverInfoFlag", "agreedDriver", "是否指定驾驶员", "radio", "是:1;否:0", "0"},
	{"immevalid", "isImmevalid", "是否及时生效", "radio", "是:1;否:0", "0"},
	{"immevalid", "immeValidHoursStart", "生效时间(小时)", "select", "21:21;22:22;23:23;24:24", "21"},
}

// requoteRequired are the 110 inputs its tables (3.8.1, 3.8.3) mark not
// nullable besides the coverages: a request without one (or with it
// empty) is sent back as a form asking for it.
var requoteRequired = []string{"forceFlag", "isImmevalid", "runArea", "agreedDriver"}

// shownDrivers is how many driverInfo groups an answer shows at least:
// the manual's answer after the reform has two.
const shownDrivers = 2

// driver is one named driver (a driverInfo group).
type driver struct {
	Name string `json:"name,omitempty"`
	Num  string `json:"num,omitempty"`
	Date string `json:"date,omitempty"`
}

// choice is the session's value of a choice key, or its default.
func (s *session) choice(key string) string {
	if v := s.Data[key]; v != "" {
		return v
	}
	for _, c := range choiceKeys {
		if c.key == key {
			return c.value
		}
	}
	return ""
}

// otherGroups are the groups of a priced answer after the package.
func (s *session) otherGroups(q quote) []sun.Tags {
	blank := []sun.Definition{def("data", ""), def("dataUrl", ""), def("checkUrl", ""), def("premium", "")}
	control := func(key string) sun.Tag {
		for _, c := range choiceKeys {
			if c.key == key {
				return tag(c.typ, c.key, c.label, s.choice(key), def("data", c.data), def("dataUrl", ""), def("checkUrl", ""), def("premium", ""))
			}
		}
		panic("sandbox: no choice " + key)
	}
	out := []sun.Tags{
		{Type: "lifeTableCpm", Tags: []sun.Tag{
			// 1: gifts (the 115 offer), worth the gift budget in yuan.
			tag("hidden", "presentType", "投保礼或UN积分标识", "1", def("premium", "")),
			tag("hidden", "presentVal", "投保礼或UN积分值", fmt.Sprintf("%d.0", giftBudget(q)), def("premium", "")),
			tag("hidden", "hasAddPresent", "是否有加投", "0", def("premium", "")),
		}},
		{Type: "runAreaType", Tags: []sun.Tag{tag("label", "isRunAreaFlag", "是否可以使用指省", "1", blank...), control("runArea")}},
		{Type: "driverInfoFlag", Tags: []sun.Tag{tag("label", "isDriverFlag", "是否可以使用指驾", "1", blank...), control("agreedDriver")}},
	}
	for i := 0; i < max(shownDrivers, len(s.Drivers)); i++ {
		var d driver
		if i < len(s.Drivers) {
			d = s.Drivers[i]
		}
		out = append(out, sun.Tags{Type: "driverInfo", Tags: []sun.Tag{
			tag("text", "driverName", "姓名", d.Name, blank...),
			tag("text", "driverNum", "驾驶证号", d.Num, blank...),
			tag("cdate", "drivateDate", "初次领证日期", d.Date, blank...),
		}})
	}
	return append(out,
		sun.Tags{Type: "immevalid", Tags: []sun.Tag{control("isImmevalid"), control("immeValidHoursStart")}},
		sun.Tags{Type: "campaignViewPlan", Tags: []sun.Tag{{Definitions: []sun.Definition{
			def("campaignMarke", ""), def("isShow", "0"), def("realPremium", ""), def("campaignPremium", ""), def("tips", "")}}}})
}

// badChoices lists the faulty choices of a 110: a required one missing
// or empty, or a value not among its options (the hour may be empty).
func (c *call) badChoices() []string {
	var bad []string
	for _, k := range requoteRequired {
		if strings.TrimSpace(c.in(k)) == "" {
			bad = append(bad, k)
		}
	}
	if v := c.in("forceFlag"); v != "" && v != "0" && v != "1" {
		bad = append(bad, "forceFlag")
	}
	for _, ch := range choiceKeys {
		if v := c.in(ch.key); v != "" && !slices.Contains(splitOptions(ch.data), v) && !slices.Contains(bad, ch.key) {
			bad = append(bad, ch.key)
		}
	}
	return bad
}

// keepChoices keeps the choices and named drivers of a 110 the sandbox
// took, for the answers that follow to show.
func (c *call) keepChoices() {
	for _, ch := range choiceKeys {
		if v, ok := c.req.Input(ch.key); ok {
			c.s.Data[ch.key] = v
		}
	}
	// The drivers, in the order of their groups. The table names the
	// date driverDate, the forms drivateDate: either is read.
	var drivers []driver
	for _, g := range c.req.InputsList {
		if g.Type != "driverInfo" {
			continue
		}
		var d driver
		d.Name, _ = g.Get("driverName")
		d.Num, _ = g.Get("driverNum")
		if d.Date, _ = g.Get("drivateDate"); d.Date == "" {
			d.Date, _ = g.Get("driverDate")
		}
		drivers = append(drivers, d)
	}
	if len(drivers) > 0 {
		c.s.Drivers = drivers
	}
}

// only keeps the controls of groups whose key is in keys, in their
// groups; groups left empty are dropped.
func only(groups []sun.Tags, keys []string) []sun.Tags {
	var out []sun.Tags
	for _, g := range groups {
		var tags []sun.Tag
		for _, t := range g.Tags {
			if slices.Contains(keys, t.Key()) {
				tags = append(tags, t)
			}
		}
		if len(tags) > 0 {
			out = append(out, sun.Tags{Type: g.Type, Tags: tags})
		}
	}
	return out
}
