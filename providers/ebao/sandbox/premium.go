package sandbox

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/insurekit/insure/providers/ebao"
)

// The sandbox's catalogue and premium rules. They are invented (the
// document gives none) but fixed, and written down in
// docs/providers/ebao.md, so a test can assert the fee to the fen. The
// document's example request prices at 30 for every fee, as in its example
// answer.

type product struct {
	plans  map[string]int64    // plan code -> price factor in percent
	groups map[string][]string // coverage group -> its coverages
	prices map[string]int64    // coverage -> annual premium in fen at 100%
}

var catalogue = map[string]product{
	TestProductID: {
		plans:  map[string]int64{"Plan_1": 100, "Plan_2": 200},
		groups: map[string][]string{"Veh_Owner_Guard": {"ACC_BUR_WEB", "ACC_DEATH", "ACC_DIS", "ACC_BURN"}},
		prices: map[string]int64{"ACC_BUR_WEB": 600, "ACC_DEATH": 1200, "ACC_DIS": 800, "ACC_BURN": 400},
	},
}

// channels maps a channel code to its commission in percent of APP.
var channels = map[string]int64{TestChannelCode: 0, "CHANNEL01": 10}

type campaign struct {
	voucher  string
	discount int64 // percent off the gross premium
}

var campaigns = map[string]campaign{
	"campaign_1": {voucher: "abcdef", discount: 0},
	"campaign_2": {voucher: "SAVE10", discount: 10},
}

// fees are amounts in fen; the wire carries yuan.
type fees struct{ Commission, APP, AGP, SNP, ANP, SGP int64 }

// feeJSON keeps the document's member order on the wire.
type feeJSON struct {
	Commission json.Number `json:"COMMISSION"`
	APP        json.Number `json:"APP"`
	AGP        json.Number `json:"AGP"`
	SNP        json.Number `json:"SNP"`
	ANP        json.Number `json:"ANP"`
	SGP        json.Number `json:"SGP"`
}

func (f fees) wire() feeJSON {
	return feeJSON{yuan(f.Commission), yuan(f.APP), yuan(f.AGP), yuan(f.SNP), yuan(f.ANP), yuan(f.SGP)}
}

// yuan writes fen as a plain JSON number: 30, 27.5, 0.05.
func yuan(fen int64) json.Number {
	if fen%100 == 0 {
		return json.Number(strconv.FormatInt(fen/100, 10))
	}
	s := fmt.Sprintf("%d.%02d", fen/100, fen%100)
	return json.Number(strings.TrimSuffix(s, "0"))
}

// percent of fen, rounded half up to the fen.
func percent(fen, pct int64) int64 { return (fen*pct + 50) / 100 }

// price computes the fees of a quotation or issuance, or names the first
// field the catalogue refuses.
func price(req *ebao.IssuanceRequest) (f fees, field, msg string) {
	p, ok := catalogue[req.ProductID]
	if !ok {
		return f, "productId", fmt.Sprintf("unknown product %q", req.ProductID)
	}
	commission, ok := channels[req.ChannelCode]
	if !ok {
		return f, "channelCode", fmt.Sprintf("unknown channel %q", req.ChannelCode)
	}
	for i, o := range req.InsuredObjects {
		path := fmt.Sprintf("insuredObjects[%d]", i)
		factor, ok := p.plans[o.PlanCode]
		if !ok {
			return f, path + ".plan_code", fmt.Sprintf("product %s has no plan %q", req.ProductID, o.PlanCode)
		}
		sum, field, msg := p.components(o.ComponentSelection, path+".componentSelection")
		if field != "" {
			return f, field, msg
		}
		f.SGP += sum * factor / 100
	}
	f.AGP = f.SGP
	for i, c := range req.Campaigns {
		path := fmt.Sprintf("campaigns[%d]", i)
		known, ok := campaigns[c.Code]
		if !ok {
			return f, path + ".code", fmt.Sprintf("unknown campaign %q", c.Code)
		}
		if c.Voucher != known.voucher {
			return f, path + ".voucher", fmt.Sprintf("voucher not valid for campaign %s", c.Code)
		}
		f.AGP -= percent(f.AGP, known.discount)
	}
	f.SNP, f.ANP, f.APP = f.SGP, f.AGP, f.AGP
	f.Commission = percent(f.APP, commission)
	return f, "", ""
}

// components prices one selection: every selected coverage needs its group
// selected too, and at least one coverage must be chosen.
func (p product) components(sel map[string]bool, path string) (sum int64, field, msg string) {
	names := make([]string, 0, len(sel))
	for k := range sel {
		names = append(names, k)
	}
	sort.Strings(names) // the first error must not depend on map order
	chosen := 0
	for _, k := range names {
		_, isGroup := p.groups[k]
		fen, isCoverage := p.prices[k]
		switch {
		case !isGroup && !isCoverage:
			return 0, path + "." + k, "unknown coverage or coverage group"
		case !sel[k] || isGroup:
			continue
		}
		if g := p.groupOf(k); g != "" && !sel[g] {
			return 0, path + "." + k, "coverage needs its group " + g + " selected"
		}
		sum += fen
		chosen++
	}
	if chosen == 0 {
		return 0, path, "select at least one coverage"
	}
	return sum, "", ""
}

func (p product) groupOf(coverage string) string {
	for g, cs := range p.groups {
		for _, c := range cs {
			if c == coverage {
				return g
			}
		}
	}
	return ""
}
