package quote

import (
	"fmt"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
)

// Coverage is one priced coverage.
type Coverage struct {
	Key        string       `json:"key"`
	Label      string       `json:"label"`
	Value      string       `json:"value"`
	ValueLabel string       `json:"valueLabel,omitempty"`
	Premium    shared.Money `json:"premium"`
}

// Gift is one present a saved premium (115) may be spent on.
type Gift struct {
	Name     string `json:"name"`
	Price    string `json:"price,omitempty"`
	MaxCount string `json:"maxCount,omitempty"`
}

// Result is what a quote prints.
type Result struct {
	SessionID      string                  `json:"sessionId"`
	Step           string                  `json:"step"`
	Plate          string                  `json:"plate,omitempty"`
	PackageType    string                  `json:"packageType"`
	Coverages      []Coverage              `json:"coverages"`
	Compulsory     bool                    `json:"compulsory"`
	Premiums       map[string]shared.Money `json:"premiums"`
	BizBeginDate   string                  `json:"bizBeginDate,omitempty"`
	ForceBeginDate string                  `json:"forceBeginDate,omitempty"`
	GiftBudget     string                  `json:"giftBudgetYuan,omitempty"`
	Gifts          []Gift                  `json:"gifts,omitempty"`
}

// NewResult summarises a priced session.
func NewResult(s *shared.Session, last *sunshine.Response) Result {
	r := Result{SessionID: s.ID, Step: s.Step, Plate: s.Plate, PackageType: s.PackageType, Coverages: []Coverage{}, Premiums: map[string]shared.Money{}}
	for k, v := range s.Premiums {
		// Vehicle labels carry a zero "premium" too; only totals are kept.
		if strings.HasSuffix(k, "Premium") {
			r.Premiums[k] = shared.NewMoney(v)
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
				c := Coverage{Key: k, Label: t.Label(), Value: t.Value(), Premium: shared.NewMoney(p)}
				c.ValueLabel = shared.OptionLabel(t, t.Value())
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
					case "presentName":
						gift.Name = d.Value()
					case "showPrice":
						gift.Price = d.Value()
					case "maxOptionalNum":
						gift.MaxCount = d.Value()
					}
				}
				out = append(out, gift)
			}
		}
	}
	return budget, out
}

var premiumRows = []struct{ key, label string }{
	{"bizTotalPremium", "commercial"},
	{"forcePremium", "compulsory (交强险)"},
	{"vehicleTaxPremium", "vehicle tax (车船税)"},
	{"standardPremium", "market price"},
	{"totalPremium", "total to pay"},
}

func printQuote(opts *QuoteOptions, oo output.Options, fl *shared.Flow) error {
	r := NewResult(fl.S, fl.Last)
	tty := opts.IO.IsStdoutTTY()
	err := shared.Print(opts.IO, oo, fl.Last, output.Result{Data: r, XMLRoot: "quote", Table: func(w io.Writer) error {
		return renderTable(w, tty, r)
	}})
	if err != nil {
		return err
	}
	if opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "Session %s. Change coverages: insure sunshine quote --session %s --package optional --set cov_600=500000\n", r.SessionID, r.SessionID)
		fmt.Fprintf(opts.IO.ErrOut, "Buy it: insure sunshine issue --session %s\n", r.SessionID)
	}
	return nil
}

func renderTable(w io.Writer, tty bool, r Result) error {
	kv := output.NewKeyValues()
	kv.Add("session", r.SessionID)
	if r.Plate != "" {
		kv.Add("plate", r.Plate)
	}
	kv.Add("package", r.PackageType)
	for _, p := range premiumRows {
		if m, ok := r.Premiums[p.key]; ok {
			kv.Add(p.label, m.Yuan+" yuan")
		}
	}
	if r.BizBeginDate != "" {
		kv.Add("starts", fmt.Sprintf("%s (commercial), %s (compulsory)", r.BizBeginDate, r.ForceBeginDate))
	}
	if r.GiftBudget != "" {
		var names []string
		for _, g := range r.Gifts {
			names = append(names, fmt.Sprintf("%s %s yuan (up to %s)", g.Name, g.Price, g.MaxCount))
		}
		kv.Add("gift budget", r.GiftBudget+" yuan: "+strings.Join(names, "; "))
	}
	if err := kv.Render(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t := output.NewTable(tty, "coverage", "key", "sum insured", "premium")
	for _, c := range r.Coverages {
		v := c.Value
		if c.ValueLabel != "" && c.ValueLabel != c.Value {
			v = c.ValueLabel + " (" + c.Value + ")"
		}
		t.Row(c.Label, c.Key, v, c.Premium.Yuan)
	}
	return t.Render(w)
}
