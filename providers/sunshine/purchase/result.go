package purchase

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/providers/sunshine"
)

// Money is an amount as the platform gives it (fen) and for people (yuan).
type Money struct {
	Fen  int64  `json:"fen"`
	Yuan string `json:"yuan"`
}

// NewMoney converts fen; the yuan text is exact (no floating point).
func NewMoney(fen int64) Money { return Money{Fen: fen, Yuan: Yuan(fen)} }

// Yuan renders fen as yuan with two decimals.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// Coverage is one priced coverage.
type Coverage struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	Value      string `json:"value"`
	ValueLabel string `json:"valueLabel,omitempty"`
	Premium    Money  `json:"premium"`
}

// Gift is one present a saved premium (115) may be spent on.
type Gift struct {
	ID       string `json:"id"` // pkIdEncryption: what 120 names it by
	Name     string `json:"name"`
	Price    string `json:"price,omitempty"` // yuan
	MaxCount string `json:"maxCount,omitempty"`
	// Type is presentType: 0 goods, 1 service, 2 virtual, 3 a discount
	// (立减), which may not be combined with any other gift.
	Type         string `json:"type,omitempty"`
	NeedsPhone   bool   `json:"needsPhone,omitempty"`   // phoneNoSign 1: a mobile number goes with it
	NeedsAccount bool   `json:"needsAccount,omitempty"` // accountNumberSign 1: an account goes with it
}

// QuoteResult summarises a priced session: what a quote prints.
type QuoteResult struct {
	SessionID      string           `json:"sessionId"`
	Step           string           `json:"step"`
	Plate          string           `json:"plate,omitempty"`
	PackageType    string           `json:"packageType"`
	Coverages      []Coverage       `json:"coverages"`
	Compulsory     bool             `json:"compulsory"`
	Premiums       map[string]Money `json:"premiums"`
	BizBeginDate   string           `json:"bizBeginDate,omitempty"`
	ForceBeginDate string           `json:"forceBeginDate,omitempty"`
	GiftBudget     string           `json:"giftBudgetYuan,omitempty"`
	Gifts          []Gift           `json:"gifts,omitempty"`
}

// NewQuoteResult summarises a priced session; last is the platform's last
// answer (a 115 answer lists the gifts the premium may be spent on).
func NewQuoteResult(s *Session, last *sunshine.Response) QuoteResult {
	r := QuoteResult{SessionID: s.ID, Step: s.Step, Plate: s.Plate, PackageType: s.PackageType, Coverages: []Coverage{}, Premiums: map[string]Money{}}
	for k, v := range s.Premiums {
		// Vehicle labels carry a zero "premium" too; only totals are kept.
		if strings.HasSuffix(k, "Premium") {
			r.Premiums[k] = NewMoney(v)
		}
	}
	for _, g := range s.Form {
		for _, t := range g.Tags {
			switch k := t.Key(); {
			case strings.HasPrefix(k, "cov_"):
				if t.Value() == "" || isZero(t.Value()) {
					continue
				}
				p, _ := t.Premium()
				c := Coverage{Key: k, Label: t.Label(), Value: t.Value(), Premium: NewMoney(p)}
				c.ValueLabel = OptionLabel(t, t.Value())
				r.Coverages = append(r.Coverages, c)
			case k == "forceFlag":
				r.Compulsory = t.Value() == "1"
			case k == "bizBeginDate":
				r.BizBeginDate = t.Value()
			case k == "forceBeginDate":
				r.ForceBeginDate = t.Value()
			}
		}
	}
	if last != nil && sunshine.Transaction(last.Header.RequestType) == sunshine.TxnSavePremium {
		r.GiftBudget, r.Gifts = gifts(last.TagsList)
	}
	return r
}

func isZero(v string) bool { return strings.Trim(v, "0.") == "" }

// gifts reads the gift list of a 115 answer (kept as raw elements: the
// manual does not fix its shape).
func gifts(list []sunshine.Tags) (string, []Gift) {
	budget := ""
	var out []Gift
	for _, g := range list {
		for _, n := range g.Extra {
			switch {
			case strings.EqualFold(n.Name, "AvailableCost"):
				budget = n.Value()
			case strings.EqualFold(n.Name, "PresentInfo"):
				var gift Gift
				for _, d := range n.Children {
					switch d.Attr("name") {
					case "pkIdEncryption":
						gift.ID = d.Value()
					case "phoneNoSign":
						gift.NeedsPhone = d.Value() == "1"
					case "accountNumberSign":
						gift.NeedsAccount = d.Value() == "1"
					case "presentName":
						gift.Name = d.Value()
					case "showPrice":
						gift.Price = d.Value()
					case "maxOptionalNum":
						gift.MaxCount = d.Value()
					case "presentType":
						gift.Type = d.Value()
					}
				}
				out = append(out, gift)
			}
		}
	}
	return budget, out
}

// IssueResult is what a purchase prints.
type IssueResult struct {
	SessionID   string            `json:"sessionId"`
	Step        string            `json:"step"`
	TBOrderID   string            `json:"tbOrderId"`
	ProposalNos map[string]string `json:"proposalNos"`
	PolicyNos   map[string]string `json:"policyNos"`
	Paid        Money             `json:"paid"`
	PackageType string            `json:"packageType,omitempty"`
	Plate       string            `json:"plate,omitempty"`
}

// NewIssueResult summarises a bought (or partly bought) session.
func NewIssueResult(s *Session) IssueResult {
	return IssueResult{SessionID: s.ID, Step: s.Step, TBOrderID: s.TBOrderID, ProposalNos: s.ProposalNos(), PolicyNos: s.PolicyNos(),
		Paid: NewMoney(s.PayAmount), PackageType: s.PackageType, Plate: s.Plate}
}
