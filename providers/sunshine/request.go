package sunshine

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

// RequestSpec is the small description of one transaction that Build turns
// into a signed envelope. It is also the shape of the request files in
// examples/sunshine/ (YAML or JSON).
type RequestSpec struct {
	Transaction Transaction `json:"transaction" yaml:"transaction"`
	// SessionID: leave empty on 100 (a new one is made) and on 050/095;
	// every later step must reuse the one the 100 step used.
	SessionID  string   `json:"sessionId,omitempty" yaml:"sessionId,omitempty"`
	InputsList []Inputs `json:"inputsList,omitempty" yaml:"inputsList,omitempty"`
	Payment    *Payment `json:"payment,omitempty" yaml:"payment,omitempty"`
	Order      *Order   `json:"order,omitempty" yaml:"order,omitempty"`
	IssueCode  string   `json:"issueCode,omitempty" yaml:"issueCode,omitempty"` // 127
}

// SendTimeLayout is the header's time format, in China time.
const SendTimeLayout = "2006-01-02 15:04:05"

// chinaTime is UTC+8 without needing the tz database on the machine.
var chinaTime = time.FixedZone("CST", 8*3600)

// FormatTime renders t as the platform writes times.
func FormatTime(t time.Time) string { return t.In(chinaTime).Format(SendTimeLayout) }

// NewSessionIDAt makes a SessionId for a 100 request sent at t: digits
// only, as the header table asks, the time to the second followed by six
// random digits (the manual's examples have that shape).
func NewSessionIDAt(t time.Time) string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return t.In(chinaTime).Format("20060102150405") + fmt.Sprintf("%06d", n.Int64())
}

// Build returns the signed envelope for spec, in GBK: what Send posts and
// what --dry-run prints.
func (c *Client) Build(spec RequestSpec) ([]byte, error) {
	op := spec.Transaction.Operation()
	var bad []failure.FieldError
	if !spec.Transaction.Valid() {
		bad = append(bad, failure.FieldError{Field: "transaction", Rule: "one of 050 095 100 105 110 115 120 125 126 127 130 135", Example: "105"})
	}
	if spec.SessionID == "" && spec.Transaction.Valid() && !spec.Transaction.standalone() && spec.Transaction != TxnBasicInfo {
		bad = append(bad, failure.FieldError{Field: "sessionId", Rule: "required after 100: reuse the SessionId of the 100 step", Example: "20260302100000123456"})
	}
	if sid := spec.SessionID; sid != "" && spec.Transaction != TxnColors && strings.Trim(sid, "0123456789") != "" {
		// The header table types SessionId as a number (050's own example
		// sends SMG0000000, and the platform takes it there).
		bad = append(bad, failure.FieldError{Field: "sessionId", Rule: fmt.Sprintf("digits only, as the header table types it (got %q)", sid), Example: "20260302100000123456"})
	}
	if c.SellerID == "" {
		bad = append(bad, failure.FieldError{Field: "seller-id", Rule: "required in the profile"})
	}
	if c.AgentCode == "" {
		bad = append(bad, failure.FieldError{Field: "agent-code", Rule: "required in the profile", Example: "W03210001"})
	}
	if c.PrivateKey == nil {
		bad = append(bad, failure.FieldError{Field: "private-key", Rule: "required to sign requests"})
	}
	if spec.Transaction == TxnCheckCode && spec.IssueCode == "" {
		bad = append(bad, failure.FieldError{Field: "issueCode", Rule: "required for 127: the code the customer received (issueCode: in the request file, see `insure example sunshine 127`)", Example: "14658"})
	}
	bad = append(bad, checkGBK(spec)...)
	if len(bad) > 0 {
		return nil, failure.Invalid(Provider, op, bad...)
	}
	sid := spec.SessionID
	if sid == "" {
		sid = NewSessionIDAt(c.Now())
	}
	body := &RequestBody{
		InputsList: spec.InputsList, Payment: spec.Payment, Order: spec.Order, IssueCode: spec.IssueCode,
		// The manual's examples send an empty InputsList where a step
		// takes inputs but has none to give (050).
		HasInputsList: spec.Transaction != TxnPaymentCheck && spec.Transaction != TxnIssue &&
			spec.Transaction != TxnSendCode && spec.Transaction != TxnCheckCode,
	}
	env := &Envelope{Packages: []Package{{
		Header: Header{
			Version: "2", RequestType: string(spec.Transaction), InsureType: c.InsureType,
			SessionID: sid, From: c.From, To: c.To, AgentCode: c.AgentCode,
			SendTime: FormatTime(c.Now()), SellerID: c.SellerID, Status: StatusOK,
		},
		Request: body,
	}}}
	doc, err := env.Marshal()
	if err != nil {
		return nil, failure.New(failure.Usage, Provider, op, "%v", err)
	}
	signed, err := SignDocument(doc, "Request", c.PrivateKey)
	if err != nil {
		return nil, &failure.Error{Kind: failure.Unexpected, Provider: Provider, Operation: op, Message: "signing failed: " + err.Error(), Err: err}
	}
	return signed, nil
}

// CheckGBK reports every value of spec GBK cannot carry (the wire
// encoding), so a workflow can refuse them before its first step goes out.
func CheckGBK(spec RequestSpec) []failure.FieldError { return checkGBK(spec) }

// checkGBK reports every value GBK cannot carry, before anything is sent.
func checkGBK(spec RequestSpec) []failure.FieldError {
	var bad []failure.FieldError
	check := func(field, v string) {
		if !hasNonASCII([]byte(v)) {
			return
		}
		if _, err := EncodeGBK([]byte(v)); err != nil {
			rule := "contains characters GBK cannot encode"
			for _, r := range v {
				if _, err := EncodeGBK([]byte(string(r))); err != nil {
					rule += fmt.Sprintf(" (%q)", r)
					break
				}
			}
			bad = append(bad, failure.FieldError{Field: field, Rule: rule})
		}
	}
	check("sessionId", spec.SessionID)
	for _, g := range spec.InputsList {
		check("the group name "+g.Type, g.Type)
		for _, i := range g.Inputs {
			check(strings.TrimPrefix(g.Type+"."+i.Name, "."), i.Value)
			check("the input name "+i.Name, i.Name)
		}
	}
	check("issueCode", spec.IssueCode)
	if o := spec.Order; o != nil {
		for _, f := range [][2]string{{"tbOrderId", o.TBOrderID}, {"premium", o.Premium}} {
			check("order."+f[0], f[1])
		}
		if o.PayNo != nil {
			check("order.payNo", *o.PayNo)
		}
		for _, so := range o.SubOrders {
			for _, f := range [][2]string{{"type", so.Type}, {"tbOrderId", so.TBOrderID}, {"itemId", so.ItemID}, {"premium", so.Premium}, {"proposalNo", so.ProposalNo}, {"policyNo", so.PolicyNo}} {
				check("order.subOrders["+so.Type+"]."+f[0], f[1])
			}
		}
	}
	if p := spec.Payment; p != nil {
		for _, f := range [][2]string{{"tbOrderId", p.TBOrderID}, {"payOrderId", p.PayOrderID}, {"checkPayNo", p.CheckPayNo},
			{"payType", p.PayType}, {"partnerId", p.PartnerID}, {"payTime", p.PayTime}, {"payMoney", p.PayMoney},
			{"accountDate", p.AccountDate}, {"alipayBuyerAccount", p.AlipayBuyerAccount}, {"alipayBuyerId", p.AlipayBuyerID}} {
			check("payment."+f[0], f[1])
		}
	}
	return bad
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func isUTF8(b []byte) bool { return utf8.Valid(b) }
