package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// VehicleValue is the insured value, in yuan, the sandbox gives every
// vehicle model: the figure of the manual's quote example.
const VehicleValue = 98800

// coverage is one commercial coverage the sandbox quotes.
type coverage struct {
	key, label string
	data       string // options "label:value;..."; %s is the vehicle value
	base       string // for add-ons and deductible waivers: the coverage they extend
	// text: a whole number sizing another coverage (cov_731, cov_732),
	// shown as a text control, with no premium of its own.
	text bool
	// premium in fen for the chosen value; cov holds the premiums of the
	// coverages listed before this one.
	premium func(v float64, seats int, cov map[string]int64) int64
}

func bp(fen float64, basisPoints int64) int64 { return int64(fen) * basisPoints / 10000 }

func yuan(v float64) float64 { return v * 100 } // yuan to fen

func share(of string, pct int64) func(float64, int, map[string]int64) int64 {
	return func(v float64, _ int, cov map[string]int64) int64 {
		if v == 0 {
			return 0
		}
		return cov[of] * pct / 100
	}
}

func table(t map[float64]int64) func(float64, int, map[string]int64) int64 {
	return func(v float64, _ int, _ map[string]int64) int64 { return t[v] * 100 }
}

const yesNo = "不投保:0;投保:1"

// coverages in the order the manual's quote lists them (its answers after
// the 2015 reform: cov_390, which the reform removed, is not offered, and
// cov_731 to cov_734 are), with every option its tables and examples
// list. Premium rules are deliberately simple so tests and docs can state
// them.
var coverages = sync.OnceValue(func() []coverage {
	return []coverage{
		{key: "cov_200", label: "车辆损失险", data: "不投保:0.00;足额投保:%s",
			premium: func(v float64, _ int, _ map[string]int64) int64 { return bp(yuan(v), 150) }},
		{key: "cov_600", label: "商业第三者责任险", data: "不投保:0.00;5万:50000.00;10万:100000.00;15万:150000.00;20万:200000.00;30万:300000.00;50万:500000.00;100万:1000000.00",
			premium: table(map[float64]int64{50000: 673, 100000: 972, 150000: 1108, 200000: 1204, 300000: 1359, 500000: 1631, 1000000: 2124})},
		{key: "cov_701", label: "司机座位责任险", data: seatOptions,
			premium: func(v float64, _ int, _ map[string]int64) int64 { return bp(yuan(v), 40) }},
		{key: "cov_702", label: "乘客座位责任险", data: seatOptions,
			premium: func(v float64, seats int, _ map[string]int64) int64 { return bp(yuan(v), 25) * int64(seats-1) }},
		{key: "cov_500", label: "全车盗抢险", data: "不投保:0.00;投保:%s",
			premium: func(v float64, _ int, _ map[string]int64) int64 { return bp(yuan(v), 50) }},
		{key: "cov_231", label: "玻璃单独破碎险", data: "不投保:0;国产玻璃:1;进口玻璃:2", base: "cov_200",
			premium: func(v float64, _ int, _ map[string]int64) int64 {
				return map[float64]int64{1: bp(yuan(VehicleValue), 20), 2: bp(yuan(VehicleValue), 32)}[v]
			}},
		{key: "cov_310", label: "自燃损失险", data: "不投保:0.00;投保:%s", base: "cov_200",
			premium: func(v float64, _ int, _ map[string]int64) int64 { return bp(yuan(v), 15) }},
		{key: "cov_210", label: "车身划痕损失险", data: "不投保:0.00;2000:2000.00;5000:5000.00;10000:10000.00", base: "cov_200",
			premium: table(map[float64]int64{2000: 400, 5000: 570, 10000: 850})},
		{key: "cov_321", label: "指定专修厂", data: "不投保:0.00;投保:10.00", base: "cov_200",
			premium: func(v float64, _ int, cov map[string]int64) int64 { return cov["cov_200"] * int64(v) / 100 }},
		{key: "cov_911", label: "不计免赔险(车辆损失险)", data: yesNo, base: "cov_200", premium: share("cov_200", 15)},
		{key: "cov_912", label: "不计免赔险(商业第三者责任险)", data: yesNo, base: "cov_600", premium: share("cov_600", 15)},
		{key: "cov_928", label: "不计免赔险(司机座位责任险)", data: yesNo, base: "cov_701", premium: share("cov_701", 15)},
		{key: "cov_929", label: "不计免赔险(乘客座位责任险)", data: yesNo, base: "cov_702", premium: share("cov_702", 15)},
		{key: "cov_921", label: "不计免赔险(全车盗抢险)", data: yesNo, base: "cov_500", premium: share("cov_500", 20)},
		{key: "cov_922", label: "不计免赔险(车身划痕损失险)", data: yesNo, base: "cov_210", premium: share("cov_210", 15)},
		{key: "cov_291", label: "发动机特别损失险", data: yesNo, base: "cov_200", premium: share("cov_200", 5)},
		{key: "cov_640", label: "精神损害抚慰金责任险", data: "不投保:0.00;1万:10000.00;2万:20000.00;5万:50000.00;10万:100000.00;" +
			"15万:150000.00;20万:200000.00;30万:300000.00;50万:500000.00;100万:1000000.00",
			premium: func(v float64, _ int, _ map[string]int64) int64 { return bp(yuan(v), 80) }},
		// Compensation while the car is repaired: cov_734 chooses it, cov_731
		// (yuan a day, 50-500) and cov_732 (days, 1-90) size it; the two may
		// be empty (the 110 table), and then take repairDefault.
		{key: "cov_734", label: "修理期间费用补偿险", data: yesNo, base: "cov_200"},
		{key: "cov_731", label: "修理期间费用补偿险(日额)", text: true},
		{key: "cov_732", label: "修理期间费用补偿险(天数)", text: true},
		{key: "cov_733", label: "机动车损失保险无法找到第三方特约险", data: yesNo, base: "cov_200",
			premium: func(v float64, _ int, cov map[string]int64) int64 { return cov["cov_200"] * 250 / 10000 }},
	}
})

// seatOptions are the limits per seat of cov_701 and cov_702.
const seatOptions = "不投保:0.00;1万/座:10000.00;2万/座:20000.00;3万/座:30000.00;4万/座:40000.00;5万/座:50000.00;10万/座:100000.00"

// repairDefault is the daily amount (yuan) and the number of days of
// cov_734 when cov_731 and cov_732 are empty (or 0, as the form shows them
// while the cover is not chosen). The manual gives no figure; these are
// the sandbox's.
var repairDefault = map[string]int64{"cov_731": 100, "cov_732": 10}

// repairRange is what the 110 table allows in cov_731 and cov_732.
var repairRange = map[string][2]int64{"cov_731": {50, 500}, "cov_732": {1, 90}}

// repairSize is cov_731 or cov_732 of a choice: its whole number, or the
// default when it is empty or 0; ok is false when it is neither a whole
// number nor within the table's range.
func repairSize(choice map[string]string, key string) (n int64, ok bool) {
	v := strings.TrimSpace(choice[key])
	if f, err := strconv.ParseFloat(v, 64); v == "" || (err == nil && f == 0) {
		return repairDefault[key], true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	r := repairRange[key]
	return n, err == nil && n >= r[0] && n <= r[1]
}

// repairPremium is cov_734's premium: 8% of the daily amount times the
// days, in fen.
func repairPremium(choice map[string]string) int64 {
	perDay, _ := repairSize(choice, "cov_731")
	days, _ := repairSize(choice, "cov_732")
	return perDay * days * 100 * 8 / 100
}

func (c coverage) options() string {
	if c.key == "cov_200" || c.key == "cov_500" || c.key == "cov_310" {
		return fmt.Sprintf(c.data, fmt.Sprintf("%d.00", VehicleValue))
	}
	return c.data
}

// allowed says whether v is one of the coverage's option values.
func (c coverage) allowed(v string) bool {
	want, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return false
	}
	for _, o := range splitOptions(c.options()) {
		if f, err := strconv.ParseFloat(o, 64); err == nil && f == want {
			return true
		}
	}
	return false
}

// packages are the sandbox's packages (packageType) and their coverages;
// coverages not listed are not insured.
var packages = sync.OnceValue(func() map[string]map[string]string {
	return map[string]map[string]string{
		"basic": {"cov_200": "98800.00", "cov_600": "100000.00", "cov_911": "1", "cov_912": "1"},
		"luxury": {"cov_200": "98800.00", "cov_600": "300000.00", "cov_701": "10000.00", "cov_702": "10000.00",
			"cov_500": "98800.00", "cov_231": "1", "cov_911": "1", "cov_912": "1", "cov_928": "1", "cov_929": "1"},
	}
})

// Compulsory insurance (交强险) and vehicle tax, in fen.
const (
	ForcePremiumSmall = 95000  // up to 5 seats
	ForcePremiumLarge = 110000 // 6 seats or more
	VehicleTax        = 36000
)

// quote is a priced combination, all amounts in fen.
type quote struct {
	Coverages  map[string]int64 `json:"coverages"`
	Biz        int64            `json:"biz"`        // bizTotalPremium: sum of coverages (online price)
	Force      int64            `json:"force"`      // forcePremium, 0 without compulsory insurance
	Tax        int64            `json:"tax"`        // vehicleTaxPremium
	ForceTotal int64            `json:"forceTotal"` // forceTotalPremium
	Standard   int64            `json:"standard"`   // standardPremium: market price, Biz*100/85 + ForceTotal
	Total      int64            `json:"total"`      // totalPremium: what is paid, Biz + ForceTotal
}

// price computes the premiums of a combination for a vehicle.
func price(choice map[string]string, seats int, force bool) quote {
	q := quote{Coverages: map[string]int64{}}
	for _, c := range coverages() {
		v, _ := strconv.ParseFloat(choice[c.key], 64)
		p := int64(0)
		switch {
		case v == 0 || c.text:
			// The size of cov_734 is priced with it.
		case c.key == "cov_734":
			p = repairPremium(choice)
		default:
			p = c.premium(v, seats, q.Coverages)
		}
		q.Coverages[c.key] = p
		q.Biz += p
	}
	if force {
		q.Force = ForcePremiumSmall
		if seats >= 6 {
			q.Force = ForcePremiumLarge
		}
		q.Tax = VehicleTax
	}
	q.ForceTotal = q.Force + q.Tax
	q.Standard = q.Biz*100/85 + q.ForceTotal
	q.Total = q.Biz + q.ForceTotal
	return q
}

// checkChoice lists what is wrong with a combination: unknown values,
// add-ons chosen without the coverage they extend, and a size of cov_734
// outside the table's range while it is chosen.
func checkChoice(choice map[string]string) (bad []string) {
	for _, c := range coverages() {
		v, ok := choice[c.key]
		if c.text {
			if on, _ := strconv.ParseFloat(choice["cov_734"], 64); on != 0 {
				if _, ok := repairSize(choice, c.key); !ok {
					bad = append(bad, c.key)
				}
			}
			continue
		}
		if !ok || v == "" {
			continue
		}
		if !c.allowed(v) {
			bad = append(bad, c.key)
			continue
		}
		if f, _ := strconv.ParseFloat(v, 64); f != 0 && c.base != "" {
			if b, _ := strconv.ParseFloat(choice[c.base], 64); b == 0 {
				bad = append(bad, c.key)
			}
		}
	}
	return bad
}
