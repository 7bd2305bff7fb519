package sunshine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ParseEnvelope reads a GBK envelope, tolerantly: several packages, header
// names in any case ("version"), ErrorMessage or ErrorMessages, unknown
// elements kept, and the structural slips of the manual's examples. A
// package holding a part twice is the one thing not tolerated (see
// RepeatedElementError).
func ParseEnvelope(xmlGBK []byte) (*Envelope, error) {
	env, _, err := parseEnvelope(xmlGBK, DecodeGBK)
	return env, err
}

func parseEnvelope(xmlGBK []byte, decode func([]byte) ([]byte, error)) (*Envelope, []byte, error) {
	doc, utf8Doc, err := parseTree(xmlGBK, decode)
	if err != nil {
		return nil, utf8Doc, err
	}
	var pkgs []*Node
	for _, top := range doc.Children {
		switch {
		case strings.EqualFold(top.Name, "PackageList"):
			for _, c := range top.Children {
				if strings.EqualFold(c.Name, "Package") {
					pkgs = append(pkgs, c)
				}
			}
		case strings.EqualFold(top.Name, "Package"):
			pkgs = append(pkgs, top) // a bare Package without its list
		}
	}
	if len(pkgs) == 0 {
		return nil, utf8Doc, errors.New("not a PackageList envelope: no <Package> found")
	}
	env := &Envelope{}
	for i, p := range pkgs {
		if err := repeatedPart(i+1, p); err != nil {
			return nil, utf8Doc, err
		}
		env.Packages = append(env.Packages, packageFromNode(p))
	}
	return env, utf8Doc, nil
}

// RepeatedElementError is a Package holding more than one Header, Sign,
// Request or Response. The signature is checked over one body and one
// Sign while a reader may act on another, so such a package is not read
// at all: whichever copy were chosen, a body added after signing could
// ride on the partner's (or the platform's) valid signature.
type RepeatedElementError struct {
	Package int    // 1-based, in document order
	Element string // Header, Sign, Request or Response
	Count   int
}

func (e *RepeatedElementError) Error() string {
	return fmt.Sprintf("package %d has %d <%s> elements; a package holds one Header, one Sign and one Request or Response", e.Package, e.Count, e.Element)
}

// repeatedPart refuses a package whose parts are not each there at most
// once. Names are compared without case, as packageFromNode reads them:
// <request> beside <Request> is a second body too.
func repeatedPart(pkg int, n *Node) error {
	counts := map[string]int{}
	for _, c := range n.Children {
		counts[strings.ToLower(c.Name)]++
	}
	for _, name := range []string{"Header", "Sign", "Request", "Response"} {
		if k := counts[strings.ToLower(name)]; k > 1 {
			return &RepeatedElementError{Package: pkg, Element: name, Count: k}
		}
	}
	return nil
}

func packageFromNode(n *Node) Package {
	var p Package
	for _, c := range n.Children {
		switch strings.ToLower(c.Name) {
		case "header":
			p.Header = headerFromNode(c)
		case "request":
			p.Request = requestFromNode(c)
		case "response":
			p.Response = responseFromNode(c)
		case "sign":
			p.Sign = strings.Join(strings.Fields(c.Text), "")
		default:
			p.Extra = append(p.Extra, c)
		}
	}
	return p
}

func headerFromNode(n *Node) Header {
	var h Header
	for _, c := range n.Children {
		v := c.Value()
		switch strings.ToLower(c.Name) {
		case "version":
			h.Version = v
		case "requesttype":
			h.RequestType = v
		case "insuretype":
			h.InsureType = v
		case "sessionid":
			h.SessionID = v
		case "from":
			h.From = v
		case "to":
			h.To = v
		case "agentcode":
			h.AgentCode = v
		case "sendtime":
			h.SendTime = v
		case "sellerid":
			h.SellerID = v
		case "status":
			h.Status = v
		case "errormessage", "errormessages":
			// Some answers nest one element per message; join them.
			msgs := []string{}
			if v != "" {
				msgs = append(msgs, v)
			}
			for _, m := range c.Children {
				if s := m.Value(); s != "" {
					msgs = append(msgs, s)
				}
			}
			// The platform may send both spellings with the same text:
			// keep each message once.
			all := nonEmpty(h.ErrorMessage)
			if len(all) > 0 {
				all = strings.Split(all[0], "\n")
			}
			for _, m := range msgs {
				if !slices.Contains(all, m) {
					all = append(all, m)
				}
			}
			h.ErrorMessage = strings.Join(all, "\n")
		default:
			h.Extra = append(h.Extra, c)
		}
	}
	return h
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func requestFromNode(n *Node) *RequestBody {
	r := &RequestBody{}
	for _, c := range n.Children {
		switch strings.ToLower(c.Name) {
		case "inputslist":
			r.HasInputsList = true
			for _, g := range c.Children {
				if !strings.EqualFold(g.Name, "Inputs") {
					continue
				}
				in := Inputs{Type: g.Attr("type"), Inputs: []Input{}}
				for _, i := range g.Children {
					if strings.EqualFold(i.Name, "input") {
						in.Inputs = append(in.Inputs, Input{Name: i.Attr("name"), Value: i.Value()})
					}
				}
				r.InputsList = append(r.InputsList, in)
			}
		case "order":
			r.Order = orderFromNode(c)
		case "payment":
			r.Payment = paymentFromNode(c)
		case "issuecode":
			r.IssueCode = c.Value()
		default:
			r.Extra = append(r.Extra, c)
		}
	}
	return r
}

func responseFromNode(n *Node) *ResponseBody {
	r := &ResponseBody{}
	for _, c := range n.Children {
		switch strings.ToLower(c.Name) {
		case "packagetype":
			r.PackageType = c.Value()
		case "tagslist":
			for _, g := range c.Children {
				if strings.EqualFold(g.Name, "Tags") {
					r.TagsList = append(r.TagsList, tagsFromNode(g))
				}
			}
		case "order":
			r.Order = orderFromNode(c)
		case "isidverifi":
			r.IsIDVerify = c.Value()
		case "responsecode":
			r.ResponseCode = c.Value()
		case "responsemessage":
			r.ResponseMessage = c.Value()
		default:
			r.Extra = append(r.Extra, c)
		}
	}
	return r
}

func tagsFromNode(n *Node) Tags {
	t := Tags{Type: n.Attr("type")}
	for _, c := range n.Children {
		if !strings.EqualFold(c.Name, "Tag") {
			t.Extra = append(t.Extra, c)
			continue
		}
		tag := Tag{Readonly: c.Attr("readonly"), Definitions: []Definition{}}
		for _, d := range c.Children {
			if strings.EqualFold(d.Name, "Definition") {
				// Names and values are trimmed: the manual wraps some over
				// lines ("isShowCarPlace \n").
				tag.Definitions = append(tag.Definitions, Definition{Name: strings.TrimSpace(d.Attr("name")), Value: d.Value()})
			}
		}
		t.Tags = append(t.Tags, tag)
	}
	return t
}

func orderFromNode(n *Node) *Order {
	o := &Order{}
	for _, c := range n.Children {
		switch strings.ToLower(c.Name) {
		case "tborderid":
			o.TBOrderID = c.Value()
		case "premium":
			o.Premium = c.Value()
		case "payno":
			v := c.Value()
			o.PayNo = &v
		case "suborderlist":
			for _, s := range c.Children {
				if strings.EqualFold(s.Name, "SubOrder") {
					o.SubOrders = append(o.SubOrders, subOrderFromNode(s))
				}
			}
		default:
			o.Extra = append(o.Extra, c)
		}
	}
	return o
}

func subOrderFromNode(n *Node) SubOrder {
	s := SubOrder{Type: n.Attr("type")}
	for _, c := range n.Children {
		switch strings.ToLower(c.Name) {
		case "tborderid":
			s.TBOrderID = c.Value()
		case "itemid":
			s.ItemID = c.Value()
		case "proposalno":
			s.ProposalNo = c.Value()
		case "policyno":
			s.PolicyNo = c.Value()
		case "premium":
			s.Premium = c.Value()
		default:
			s.Extra = append(s.Extra, c)
		}
	}
	return s
}

func paymentFromNode(n *Node) *Payment {
	p := &Payment{}
	fields := map[string]*string{
		"tborderid": &p.TBOrderID, "payorderid": &p.PayOrderID, "checkpayno": &p.CheckPayNo,
		"paytype": &p.PayType, "partnerid": &p.PartnerID, "paytime": &p.PayTime,
		"paymoney": &p.PayMoney, "accountdate": &p.AccountDate,
		"alipaybuyeraccount": &p.AlipayBuyerAccount, "alipaybuyerid": &p.AlipayBuyerID,
	}
	for _, c := range n.Children {
		if f, ok := fields[strings.ToLower(c.Name)]; ok {
			*f = c.Value()
		} else {
			p.Extra = append(p.Extra, c)
		}
	}
	return p
}
