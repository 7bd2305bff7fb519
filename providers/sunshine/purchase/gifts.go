package purchase

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// giftGroup is the Inputs group 120 names chosen gifts in.
const giftGroup = "lifeTablePresent"

// GiftsKey is the answer that chooses gifts in a script:
// --set gifts=ID:COUNT[:PHONE[:ACCOUNT]],... (ID or the gift's name).
const GiftsKey = "gifts"

// GiftChoice is one chosen gift.
type GiftChoice struct {
	Gift    Gift
	Count   int
	Phone   string
	Account string
}

// chooseGifts turns the gifts answer (a script) or a person's choice (a
// terminal) into the lifeTablePresent inputs of 120: four lists, comma
// separated, one entry per gift, empty entries kept. Nothing chosen:
// none. Every choice is checked against the 115 offer first.
func (f *Flow) chooseGifts(ctx context.Context, answers *Answers) ([]sunshine.Inputs, error) {
	s := f.Session
	var choices []GiftChoice
	if v, ok := answers.Lookup("", GiftsKey); ok {
		var err error
		if choices, err = ParseGifts(s, v); err != nil {
			return nil, err
		}
	} else if f.Asker != nil && len(s.Gifts) > 0 && s.Pending != "120" && !answers.Has(func(k string) bool { return groupOf(k) == giftGroup }) {
		var err error
		if choices, err = f.askGifts(ctx); err != nil {
			return nil, err
		}
	}
	if len(choices) == 0 {
		return nil, nil
	}
	var ids, nums, phones, accounts []string
	for _, c := range choices {
		ids, nums = append(ids, c.Gift.ID), append(nums, strconv.Itoa(c.Count))
		phones, accounts = append(phones, c.Phone), append(accounts, c.Account)
	}
	return []sunshine.Inputs{{Type: giftGroup, Inputs: []sunshine.Input{
		{Name: "pkIdEncryptions", Value: strings.Join(ids, ",")}, {Name: "prepresentnums", Value: strings.Join(nums, ",")},
		{Name: "prePhoneNos", Value: strings.Join(phones, ",")}, {Name: "preAccountNumbers", Value: strings.Join(accounts, ",")},
	}}}, nil
}

// ParseGifts reads a gifts answer against the session's offer.
func ParseGifts(s *Session, v string) ([]GiftChoice, error) {
	var out []GiftChoice
	var bad []failure.FieldError
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		parts := strings.Split(item, ":")
		g, ok := findGift(s.Gifts, parts[0])
		if !ok {
			bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: fmt.Sprintf("%q is not a gift the saved premium (115) offers%s", parts[0], offered(s.Gifts))})
			continue
		}
		c := GiftChoice{Gift: g, Count: 1}
		if len(parts) > 1 && parts[1] != "" {
			n, err := strconv.Atoi(parts[1])
			if err != nil || n < 1 {
				bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: fmt.Sprintf("the count of %s must be a whole number from 1", g.Name)})
				continue
			}
			c.Count = n
		}
		if len(parts) > 2 {
			c.Phone = parts[2]
		}
		if len(parts) > 3 {
			c.Account = parts[3]
		}
		out = append(out, c)
	}
	bad = append(bad, checkGifts(s, out)...)
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, sunshine.TxnUnderwrite.Operation(), bad...)
		e.Message = fmt.Sprintf("%d problem(s) with the chosen gifts; nothing was sent", len(bad))
		return nil, e
	}
	return out, nil
}

func findGift(list []Gift, key string) (Gift, bool) {
	for _, g := range list {
		if g.ID == key || g.Name == key {
			return g, true
		}
	}
	return Gift{}, false
}

func offered(list []Gift) string {
	if len(list) == 0 {
		return " (none: save the premium first, insure sunshine quote --session ID --package ...)"
	}
	var s []string
	for _, g := range list {
		s = append(s, g.ID+" "+g.Name)
	}
	return "; offered: " + strings.Join(s, ", ")
}

// checkGifts applies the offer's limits (3.9): at most maxOptionalNum of
// each, the phone or account a gift needs, the budget over all, and a
// discount (presentType 3) alone.
func checkGifts(s *Session, choices []GiftChoice) []failure.FieldError {
	var bad []failure.FieldError
	total := new(big.Rat)
	distinct := map[string]bool{}
	for _, c := range choices {
		distinct[c.Gift.ID] = true
	}
	for _, c := range choices {
		if c.Gift.Type == "3" && len(distinct) > 1 {
			bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: c.Gift.Name + " is a discount (presentType 3): it cannot be combined with other gifts",
				Example: "--set gifts=" + c.Gift.ID + ":1"})
		}
		if limit, err := strconv.Atoi(c.Gift.MaxCount); err == nil && c.Count > limit {
			bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: fmt.Sprintf("at most %d of %s", limit, c.Gift.Name)})
		}
		if c.Gift.NeedsPhone && c.Phone == "" {
			bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: c.Gift.Name + " needs a mobile number", Example: "--set gifts=" + c.Gift.ID + ":1:13800000000"})
		}
		if c.Gift.NeedsAccount && c.Account == "" {
			bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: c.Gift.Name + " needs an account", Example: "--set gifts=" + c.Gift.ID + ":1::ACCOUNT"})
		}
		if p, ok := new(big.Rat).SetString(c.Gift.Price); ok {
			total.Add(total, p.Mul(p, big.NewRat(int64(c.Count), 1)))
		}
	}
	if b, ok := new(big.Rat).SetString(s.GiftBudget); ok && total.Cmp(b) > 0 {
		bad = append(bad, failure.FieldError{Field: GiftsKey, Rule: fmt.Sprintf("the gifts cost %s yuan, more than the %s yuan the premium allows", total.FloatString(2), s.GiftBudget)})
	}
	return bad
}

// askGifts asks a person which gifts to take, then how many of each and
// the phone or account a gift needs.
func (f *Flow) askGifts(ctx context.Context) ([]GiftChoice, error) {
	s := f.Session
	var offer []Control
	for _, g := range s.Gifts {
		label := fmt.Sprintf("%s, %s yuan", g.Name, g.Price)
		if g.MaxCount != "" {
			label += ", up to " + g.MaxCount
		}
		offer = append(offer, Control{Group: "gift", Tag: giftTag("text", g.ID, label, "", "")})
	}
	idx, err := f.Asker.Choose(ctx, fmt.Sprintf("Gifts for this policy (budget %s yuan): pick any", s.GiftBudget), offer)
	if err != nil || len(idx) == 0 {
		return nil, err
	}
	var ask []Control
	var form []sunshine.Tag
	for _, i := range idx {
		g := s.Gifts[i]
		var opts []string
		limit, _ := strconv.Atoi(g.MaxCount)
		for n := 1; n <= limit && n <= 20; n++ {
			opts = append(opts, fmt.Sprintf("%d:%d", n, n))
		}
		t := giftTag("select", g.ID+".count", g.Name+": how many", "1", strings.Join(opts, ";"))
		form, ask = append(form, t), append(ask, Control{Group: "gift", Tag: t})
		if g.NeedsPhone {
			t := giftTag("text", g.ID+".phone", g.Name+": mobile number", s.Mobile, "")
			form, ask = append(form, t), append(ask, Control{Group: "gift", Tag: t})
		}
		if g.NeedsAccount {
			t := giftTag("text", g.ID+".account", g.Name+": account", "", "")
			form, ask = append(form, t), append(ask, Control{Group: "gift", Tag: t})
		}
	}
	current := map[string]string{}
	for _, c := range ask {
		current[c.Field()] = c.Tag.Value()
	}
	got, err := f.Asker.Ask(ctx, Questions{Transaction: sunshine.TxnUnderwrite, Form: []sunshine.Tags{{Type: "gift", Tags: form}}, Controls: ask, Current: current})
	if err != nil {
		return nil, err
	}
	var out []GiftChoice
	for _, i := range idx {
		g := s.Gifts[i]
		n, _ := strconv.Atoi(got["gift."+g.ID+".count"])
		out = append(out, GiftChoice{Gift: g, Count: max(n, 1), Phone: got["gift."+g.ID+".phone"], Account: got["gift."+g.ID+".account"]})
	}
	if bad := checkGifts(s, out); len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, sunshine.TxnUnderwrite.Operation(), bad...)
		e.Message = "the chosen gifts do not fit the offer; nothing was sent"
		return nil, e
	}
	return out, nil
}

func giftTag(typ, key, label, value, data string) sunshine.Tag {
	t := sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: typ}, {Name: "key", Value: key}, {Name: "label", Value: label}, {Name: "value", Value: value}}}
	if data != "" {
		t.Definitions = append(t.Definitions, sunshine.Definition{Name: "data", Value: data})
	}
	return t
}
