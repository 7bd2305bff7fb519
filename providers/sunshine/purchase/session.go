// Package purchase is the Sunshine (阳光车险) purchase workflow: a session
// kept across the numbered transactions (095 ... 135), the order they are
// sent in, answers given as KEY=VALUE, and the filling of the forms the
// platform sends back. It parses no flags, opens no terminal and prints
// nothing: a command hands it answers, an Asker for what they leave open
// and a SessionStore, and prints the Session it leaves behind. Like the
// client's, its error hints name the `insure` command to run next, since
// that is what the person reading them can do.
package purchase

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/insurekit/insure/providers/sunshine"
)

// SentInput is one input the session has sent, with the form group it
// answered. The platform forgets inputs of a step it answered with a form,
// so every retry of a step sends them all again.
type SentInput struct {
	Group string `json:"group,omitempty"`
	// Index is the group's position among the sent groups of its type.
	Index int    `json:"index,omitempty"`
	Value string `json:"value"`
}

// Session is a purchase's state between commands: each step may be its
// own process, so everything a later step needs lives here, in the
// SessionStore.
type Session struct {
	ID      string `json:"sessionId"`
	Profile string `json:"profile"`
	// Step is the last transaction the platform completed (status 100),
	// or 100 once it answered with the vehicle form: that form is what a
	// 100 is for, and the session exists on the platform from then on.
	Step string `json:"step"`
	// Pending is the transaction whose form (Form) awaits answers.
	Pending string `json:"pending,omitempty"`
	Message string `json:"message,omitempty"`

	Plate  string `json:"plate,omitempty"`
	City   string `json:"city,omitempty"`
	Owner  string `json:"owner,omitempty"`
	Mobile string `json:"mobile,omitempty"`
	NewCar bool   `json:"newCar,omitempty"`

	Inputs map[string]SentInput `json:"inputs,omitempty"`
	// Form is the last form or priced package the platform sent.
	Form        []sunshine.Tags `json:"form,omitempty"`
	PackageType string          `json:"packageType,omitempty"`
	// Requote is the last 110 the platform answered with a form (Pending
	// 110): that form asks only for what was missing or refused, while a
	// 110 must carry the whole combination, so its answers go out merged
	// into this request, the changes it made included.
	Requote []sunshine.Inputs `json:"requote,omitempty"`
	// ReadOnly holds the value of every control a form marked readonly,
	// by key: no later step may send another value for it.
	ReadOnly map[string]string `json:"readOnly,omitempty"`
	// Gifts are what the saved premium (115) may be spent on, within
	// GiftBudget yuan; 120 names the chosen ones.
	Gifts      []Gift           `json:"gifts,omitempty"`
	GiftBudget string           `json:"giftBudget,omitempty"`
	Premiums   map[string]int64 `json:"premiums,omitempty"` // fen, by control key

	TBOrderID string              `json:"tbOrderId,omitempty"`
	SubOrders []sunshine.SubOrder `json:"subOrders,omitempty"`
	NeedCode  bool                `json:"needCode,omitempty"`
	CodeOK    bool                `json:"codeOk,omitempty"`
	PayAmount int64               `json:"payAmount,omitempty"` // fen, from 125
	PayNo     string              `json:"payNo,omitempty"`     // from 125, reported back in 130
	IssuedAt  string              `json:"issuedAt,omitempty"`
	// Unanswered is the underwriting or issue request whose answer was
	// lost: the next command sends it again as it is.
	Unanswered *Unanswered `json:"unanswered,omitempty"`

	UpdatedAt time.Time `json:"updatedAt"`
}

// Remember keeps inputs that were sent, by name and by the position of
// their group among the groups of its type (Inputs is keyed by slotKey).
func (s *Session) Remember(groups []sunshine.Inputs) {
	if s.Inputs == nil {
		s.Inputs = map[string]SentInput{}
	}
	sent := map[string]int{} // groups sent, by type
	for i, slot := range slots(groups) {
		g := groups[i]
		sent[g.Type] = slot + 1
		for _, in := range g.Inputs {
			s.Inputs[slotKey(in.Name, slot)] = SentInput{Group: g.Type, Index: slot, Value: in.Value}
		}
	}
	// Fewer groups of a type than before (one named driver where there
	// were two): the others are gone, and a later step built from the
	// session must not bring them back.
	for k, in := range s.Inputs {
		if n, ok := sent[in.Group]; ok && in.Index >= n {
			delete(s.Inputs, k)
		}
	}
}

// Input is a remembered input's value (of the first group that has it).
func (s *Session) Input(key string) string { return s.Inputs[key].Value }

// SentInputs returns remembered inputs as groups, keys sorted, keeping
// only keys keep accepts (nil: all). Groups of one type come in the order
// they were sent.
func (s *Session) SentInputs(keep func(key string) bool) []sunshine.Inputs {
	type entry struct {
		name string
		SentInput
	}
	var list []entry
	for k, st := range s.Inputs {
		name := strings.TrimSuffix(k, slotKey("", st.Index))
		if keep == nil || keep(name) {
			list = append(list, entry{name, st})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Index != list[j].Index {
			return list[i].Index < list[j].Index
		}
		return list[i].name < list[j].name
	})
	var set groupSet
	for _, e := range list {
		set.add(e.Group, e.Index, sunshine.Input{Name: e.name, Value: e.Value})
	}
	return set.list()
}

// ProposalNos and PolicyNos map sub-order type (biz, force) to number.
func (s *Session) ProposalNos() map[string]string {
	return s.subField(func(o sunshine.SubOrder) string { return o.ProposalNo })
}

// PolicyNos maps sub-order type to policy number.
func (s *Session) PolicyNos() map[string]string {
	return s.subField(func(o sunshine.SubOrder) string { return o.PolicyNo })
}

func (s *Session) subField(f func(sunshine.SubOrder) string) map[string]string {
	out := map[string]string{}
	for _, o := range s.SubOrders {
		if v := f(o); v != "" {
			out[o.Type] = v
		}
	}
	return out
}

// Apply records what an answer to txn tells about the session. Forms
// (200) become Pending; refusals change nothing, as on the platform.
func (s *Session) Apply(txn sunshine.Transaction, resp *sunshine.Response) {
	if resp == nil {
		return
	}
	s.Message = resp.Message()
	s.rememberReadOnly(resp.TagsList)
	switch resp.Status {
	case sunshine.StatusNeedForm:
		if txn == sunshine.TxnPaymentCheck {
			// Not a form: the manual's "still confirming" (3.12.2).
			// The quote's form stays the session's.
			return
		}
		s.Pending, s.Form = string(txn), resp.TagsList
		if txn == sunshine.TxnBasicInfo {
			s.Step = string(txn)
		}
		return
	case sunshine.StatusOK:
	default:
		return
	}
	if (txn == sunshine.TxnSendCode || txn == sunshine.TxnCheckCode) && resp.ResponseCode != "" && resp.ResponseCode != "success" {
		return
	}
	s.Pending = ""
	if txn != sunshine.TxnSendCode && txn != sunshine.TxnCheckCode {
		s.Step = string(txn)
	}
	switch txn {
	case sunshine.TxnQuote, sunshine.TxnRequote:
		s.Form, s.PackageType = resp.TagsList, resp.PackageType
		s.Premiums = resp.Premiums()
	case sunshine.TxnSavePremium:
		s.GiftBudget, s.Gifts = gifts(resp.TagsList)
		for k, v := range resp.Premiums() {
			if s.Premiums == nil {
				s.Premiums = map[string]int64{}
			}
			s.Premiums[k] = v
		}
	case sunshine.TxnUnderwrite:
		s.NeedCode, s.CodeOK = resp.NeedsVerificationCode(), false
		s.mergeOrder(resp.Order)
	case sunshine.TxnCheckCode:
		s.CodeOK = true
	case sunshine.TxnPaymentCheck, sunshine.TxnIssue:
		if txn == sunshine.TxnPaymentCheck {
			// The last check is the one 130 reports: an amount an earlier
			// one gave must not outlive an answer that gives none.
			s.PayAmount, s.PayNo = 0, ""
		}
		s.mergeOrder(resp.Order)
		if resp.Order != nil && resp.Order.Premium != "" && txn == sunshine.TxnPaymentCheck {
			fmt.Sscan(resp.Order.Premium, &s.PayAmount)
			if resp.Order.PayNo != nil {
				s.PayNo = *resp.Order.PayNo
			}
		}
	}
}

// mergeOrder keeps the session's sub-orders and adds the numbers an
// answer hands out.
func (s *Session) mergeOrder(o *sunshine.Order) {
	if o == nil {
		return
	}
	if o.TBOrderID != "" {
		s.TBOrderID = o.TBOrderID
	}
	for _, so := range o.SubOrders {
		found := false
		for i := range s.SubOrders {
			if s.SubOrders[i].Type == so.Type {
				found = true
				if so.ProposalNo != "" {
					s.SubOrders[i].ProposalNo = so.ProposalNo
				}
				if so.PolicyNo != "" {
					s.SubOrders[i].PolicyNo = so.PolicyNo
				}
				if so.Premium != "" {
					s.SubOrders[i].Premium = so.Premium
				}
				if so.TBOrderID != "" {
					s.SubOrders[i].TBOrderID = so.TBOrderID
				}
			}
		}
		if !found {
			s.SubOrders = append(s.SubOrders, so)
		}
	}
}
