package shared

import (
	"io"

	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// SubOrderView is a sub-order with its premium in yuan.
type SubOrderView struct {
	Type       string          `json:"type"`
	TBOrderID  string          `json:"tbOrderId,omitempty"`
	ProposalNo string          `json:"proposalNo,omitempty"`
	PolicyNo   string          `json:"policyNo,omitempty"`
	Premium    *purchase.Money `json:"premium,omitempty"`
}

// OrderView is an answer's order with amounts in yuan.
type OrderView struct {
	TBOrderID string          `json:"tbOrderId,omitempty"`
	Premium   *purchase.Money `json:"premium,omitempty"`
	PayNo     *string         `json:"payNo,omitempty"`
	SubOrders []SubOrderView  `json:"subOrders,omitempty"`
}

// ResponseView is any answer, for people and programs: the header's
// outcome, forms as controls, premiums converted from fen.
type ResponseView struct {
	Transaction     string                    `json:"transaction"`
	Name            string                    `json:"name"`
	SessionID       string                    `json:"sessionId"`
	Status          string                    `json:"status"`
	Messages        []string                  `json:"messages,omitempty"`
	PackageType     string                    `json:"packageType,omitempty"`
	Forms           []FormView                `json:"forms,omitempty"`
	Order           *OrderView                `json:"order,omitempty"`
	IsIDVerify      string                    `json:"isIdVerifi,omitempty"`
	ResponseCode    string                    `json:"responseCode,omitempty"`
	ResponseMessage string                    `json:"responseMessage,omitempty"`
	Premiums        map[string]purchase.Money `json:"premiums,omitempty"`
}

func money(fen string) *purchase.Money {
	if fen == "" {
		return nil
	}
	var n int64
	for _, c := range fen {
		if c < '0' || c > '9' {
			return nil
		}
		n = n*10 + int64(c-'0')
	}
	m := purchase.NewMoney(n)
	return &m
}

// View builds the printable form of an answer.
func View(resp *sunshine.Response) ResponseView {
	t := sunshine.Transaction(resp.Header.RequestType)
	v := ResponseView{Transaction: string(t), Name: t.Name(), SessionID: resp.Header.SessionID, Status: resp.Status,
		Messages: resp.ErrorMessages, PackageType: resp.PackageType, Forms: Forms(resp.TagsList), IsIDVerify: resp.IsIDVerify,
		ResponseCode: resp.ResponseCode, ResponseMessage: resp.ResponseMessage}
	if ps := resp.Premiums(); len(ps) > 0 {
		v.Premiums = map[string]purchase.Money{}
		for k, p := range ps {
			v.Premiums[k] = purchase.NewMoney(p)
		}
	}
	if o := resp.Order; o != nil {
		ov := &OrderView{TBOrderID: o.TBOrderID, Premium: money(o.Premium), PayNo: o.PayNo}
		for _, s := range o.SubOrders {
			ov.SubOrders = append(ov.SubOrders, SubOrderView{Type: s.Type, TBOrderID: s.TBOrderID, ProposalNo: s.ProposalNo, PolicyNo: s.PolicyNo, Premium: money(s.Premium)})
		}
		v.Order = ov
	}
	return v
}

// RenderView draws a ResponseView for a terminal (or as tab-separated
// values in a pipe with -o table).
func RenderView(w io.Writer, tty bool, v ResponseView) error {
	kv := output.NewKeyValues()
	kv.Add("transaction", v.Transaction+" "+v.Name)
	kv.Add("session", v.SessionID)
	kv.Add("status", v.Status+" "+statusWord(v.Status))
	for _, m := range v.Messages {
		kv.Add("message", m)
	}
	if v.PackageType != "" {
		kv.Add("package", v.PackageType)
	}
	if v.IsIDVerify != "" {
		kv.Add("verification code needed", map[bool]string{true: "yes (127)", false: "no"}[v.IsIDVerify == "1"])
	}
	if v.ResponseCode != "" {
		kv.Add("response code", v.ResponseCode+" "+v.ResponseMessage)
	}
	if o := v.Order; o != nil {
		kv.Add("order", o.TBOrderID)
		if o.Premium != nil {
			kv.Add("order premium", o.Premium.Yuan+" yuan")
		}
		for _, s := range o.SubOrders {
			line := s.TBOrderID
			if s.ProposalNo != "" {
				line += "  proposal " + s.ProposalNo
			}
			if s.PolicyNo != "" {
				line += "  policy " + s.PolicyNo
			}
			if s.Premium != nil {
				line += "  " + s.Premium.Yuan + " yuan"
			}
			kv.Add("  "+s.Type, line)
		}
	}
	if err := kv.Render(w); err != nil {
		return err
	}
	if len(v.Forms) == 0 {
		return nil
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return FormTable(w, tty, v.Forms)
}

func statusWord(s string) string {
	return map[string]string{"100": "(done)", "200": "(form: more input needed)", "300": "(declined)", "400": "(stopped)"}[s]
}
