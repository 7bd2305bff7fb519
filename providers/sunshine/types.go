package sunshine

import (
	"strconv"
	"strings"
)

// Statuses the platform puts in Header/Status.
const (
	StatusOK       = "100" // done
	StatusNeedForm = "200" // more input needed: the response carries a form
	StatusDeclined = "300" // the insurer declines
	StatusStopped  = "400" // the flow is stopped (also: out of order, bad session)
)

// Header is the envelope header. Unknown elements are kept in Extra.
type Header struct {
	Version      string  `json:"version,omitempty"`
	RequestType  string  `json:"requestType,omitempty"`
	InsureType   string  `json:"insureType,omitempty"`
	SessionID    string  `json:"sessionId,omitempty"`
	From         string  `json:"from,omitempty"`
	To           string  `json:"to,omitempty"`
	AgentCode    string  `json:"agentCode,omitempty"`
	SendTime     string  `json:"sendTime,omitempty"`
	SellerID     string  `json:"sellerId,omitempty"`
	Status       string  `json:"status,omitempty"`
	ErrorMessage string  `json:"errorMessage,omitempty"`
	Extra        []*Node `json:"extra,omitempty"`
}

// Input is one <input name="...">value</input>.
type Input struct {
	Name  string `json:"name" yaml:"name"`
	Value string `json:"value" yaml:"value"`
}

// Inputs is one <Inputs type="..."> group: the answer to one Tags form.
type Inputs struct {
	Type   string  `json:"type,omitempty" yaml:"type,omitempty"`
	Inputs []Input `json:"inputs" yaml:"inputs"`
}

// Get returns the value of the named input and whether it is present.
func (in Inputs) Get(name string) (string, bool) {
	for _, i := range in.Inputs {
		if i.Name == name {
			return i.Value, true
		}
	}
	return "", false
}

// SubOrder is one product of an order: "biz" (commercial) or "force"
// (compulsory traffic insurance).
type SubOrder struct {
	Type       string  `json:"type,omitempty" yaml:"type,omitempty"`
	TBOrderID  string  `json:"tbOrderId,omitempty" yaml:"tbOrderId,omitempty"`
	ItemID     string  `json:"itemId,omitempty" yaml:"itemId,omitempty"`
	ProposalNo string  `json:"proposalNo,omitempty" yaml:"proposalNo,omitempty"`
	PolicyNo   string  `json:"policyNo,omitempty" yaml:"policyNo,omitempty"`
	Premium    string  `json:"premium,omitempty" yaml:"premium,omitempty"` // fen
	Extra      []*Node `json:"extra,omitempty" yaml:"-"`
}

// Order is the partner's order: its own order numbers and, in answers, the
// insurer's proposal and policy numbers.
type Order struct {
	TBOrderID string     `json:"tbOrderId,omitempty" yaml:"tbOrderId,omitempty"`
	Premium   string     `json:"premium,omitempty" yaml:"premium,omitempty"` // fen
	PayNo     *string    `json:"payNo,omitempty" yaml:"payNo,omitempty"`
	SubOrders []SubOrder `json:"subOrders,omitempty" yaml:"subOrders,omitempty"`
	Extra     []*Node    `json:"extra,omitempty" yaml:"-"`
}

// Payment describes the payment made before issuance (130).
type Payment struct {
	TBOrderID          string  `json:"tbOrderId,omitempty" yaml:"tbOrderId,omitempty"`
	PayOrderID         string  `json:"payOrderId,omitempty" yaml:"payOrderId,omitempty"`
	CheckPayNo         string  `json:"checkPayNo,omitempty" yaml:"checkPayNo,omitempty"`
	PayType            string  `json:"payType,omitempty" yaml:"payType,omitempty"`
	PartnerID          string  `json:"partnerId,omitempty" yaml:"partnerId,omitempty"`
	PayTime            string  `json:"payTime,omitempty" yaml:"payTime,omitempty"`
	PayMoney           string  `json:"payMoney,omitempty" yaml:"payMoney,omitempty"` // fen
	AccountDate        string  `json:"accountDate,omitempty" yaml:"accountDate,omitempty"`
	AlipayBuyerAccount string  `json:"alipayBuyerAccount,omitempty" yaml:"alipayBuyerAccount,omitempty"`
	AlipayBuyerID      string  `json:"alipayBuyerId,omitempty" yaml:"alipayBuyerId,omitempty"`
	Extra              []*Node `json:"extra,omitempty" yaml:"-"`
}

// Definition is one property of a form control.
type Definition struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Tag is one form control, described by its Definitions in wire order.
type Tag struct {
	Readonly    string       `json:"readonly,omitempty"`
	Definitions []Definition `json:"definitions"`
}

// Get returns the named definition's value, trimmed (the manual's examples
// wrap some values over lines).
func (t Tag) Get(name string) string {
	for _, d := range t.Definitions {
		if strings.EqualFold(d.Name, name) {
			return strings.TrimSpace(d.Value)
		}
	}
	return ""
}

// Type is the control type: text, select, checkbox, radio, label, hidden,
// date, cdate, cascade...
func (t Tag) Type() string { return t.Get("type") }

// Key is the input name to answer with.
func (t Tag) Key() string { return t.Get("key") }

// Label is the text shown; the manual spells it "lable" once.
func (t Tag) Label() string {
	if l := t.Get("label"); l != "" {
		return l
	}
	return t.Get("lable")
}

// Value is the default value.
func (t Tag) Value() string { return t.Get("value") }

// ReadOnly says the Tag's readonly attribute is true: the value is shown
// and sent back as it is, and the user may not change it.
func (t Tag) ReadOnly() bool { return strings.EqualFold(strings.TrimSpace(t.Readonly), "true") }

// Disabled says the user may not change it; its value is not sent back.
func (t Tag) Disabled() bool { return t.Get("disable") == "1" }

// Premium is the control's premium in fen, when it has one.
func (t Tag) Premium() (int64, bool) {
	p := t.Get("premium")
	if p == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(p, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(p, 64)
		if ferr != nil {
			return 0, false
		}
		n = int64(f + 0.5)
	}
	return n, true
}

// Option is one choice of a select, radio or checkbox.
type Option struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Options parses "data" ("不投保:0.00;足额投保:98800.00"). The value is what
// follows the last colon, since labels may hold colons but values do not.
func (t Tag) Options() []Option {
	var out []Option
	for _, item := range strings.Split(t.Get("data"), ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		i := strings.LastIndex(item, ":")
		if i < 0 {
			out = append(out, Option{Label: item, Value: item})
			continue
		}
		out = append(out, Option{Label: item[:i], Value: item[i+1:]})
	}
	return out
}

// Tags is one group of controls; answered by an Inputs of the same type.
// Other children (AvailableCost, PresentInfo of the gift list) are kept.
type Tags struct {
	Type  string  `json:"type,omitempty"`
	Tags  []Tag   `json:"tags,omitempty"`
	Extra []*Node `json:"extra,omitempty"`
}

// RequestBody is <Request>: what the partner sends.
type RequestBody struct {
	InputsList []Inputs `json:"inputsList,omitempty"`
	// HasInputsList keeps an empty <InputsList></InputsList> (050 sends one).
	HasInputsList bool     `json:"-"`
	Payment       *Payment `json:"payment,omitempty"`
	Order         *Order   `json:"order,omitempty"`
	IssueCode     string   `json:"issueCode,omitempty"` // 127
	Extra         []*Node  `json:"extra,omitempty"`
}

// Input returns the value of the named input in any group.
func (r *RequestBody) Input(name string) (string, bool) {
	for _, in := range r.InputsList {
		if v, ok := in.Get(name); ok {
			return v, true
		}
	}
	return "", false
}

// ResponseBody is <Response>: what the platform answers.
type ResponseBody struct {
	PackageType     string  `json:"packageType,omitempty"`
	TagsList        []Tags  `json:"tagsList,omitempty"`
	Order           *Order  `json:"order,omitempty"`
	IsIDVerify      string  `json:"isIdVerifi,omitempty"`      // 120: "1" when a verification code is needed (127)
	ResponseCode    string  `json:"responseCode,omitempty"`    // 126, 127
	ResponseMessage string  `json:"responseMessage,omitempty"` // 126, 127
	Extra           []*Node `json:"extra,omitempty"`
}

// Package is one <Package> of an envelope.
type Package struct {
	Header   Header        `json:"header"`
	Request  *RequestBody  `json:"request,omitempty"`
	Response *ResponseBody `json:"response,omitempty"`
	Sign     string        `json:"sign,omitempty"`
	Extra    []*Node       `json:"extra,omitempty"`
}

// Envelope is a whole <PackageList>.
type Envelope struct {
	Packages []Package `json:"packages"`
}
