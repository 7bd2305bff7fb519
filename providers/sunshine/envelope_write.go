package sunshine

// Marshal writes the envelope in GBK in the manual's layout. Sign elements
// carry whatever Package.Sign holds; use SignDocument on the result to
// sign. Requests are written Header, Request, Sign with "Version"; responses
// Header, Sign, Response with "version", as the platform's own answers are.
func (e *Envelope) Marshal() ([]byte, error) {
	root := &Node{Name: "PackageList", Attrs: []Attr{{Name: "xmlns:xsi", Value: "http://www.w3.org/2001/XMLSchema-instance"}}}
	for i := range e.Packages {
		root.Children = append(root.Children, packageNode(&e.Packages[i]))
	}
	return renderDocument(root)
}

func packageNode(p *Package) *Node {
	n := elem("Package", "")
	isResponse := p.Response != nil && p.Request == nil
	n.Children = append(n.Children, headerNode(p.Header, isResponse))
	sign := elem("Sign", p.Sign)
	if isResponse {
		n.Children = append(n.Children, sign, responseNode(p.Response))
	} else {
		if p.Request != nil {
			n.Children = append(n.Children, requestNode(p.Request))
		}
		if p.Response != nil {
			n.Children = append(n.Children, responseNode(p.Response))
		}
		n.Children = append(n.Children, sign)
	}
	n.Children = append(n.Children, p.Extra...)
	return n
}

func headerNode(h Header, response bool) *Node {
	n := elem("Header", "")
	add := func(name, v string, always bool) {
		if v != "" || always {
			n.Children = append(n.Children, elem(name, v))
		}
	}
	version := "Version"
	if response {
		version = "version"
	}
	add(version, h.Version, true)
	add("RequestType", h.RequestType, true)
	add("InsureType", h.InsureType, true)
	add("SessionId", h.SessionID, true)
	add("From", h.From, false)
	add("To", h.To, false)
	add("AgentCode", h.AgentCode, false)
	add("SendTime", h.SendTime, true)
	add("SellerId", h.SellerID, !response)
	add("Status", h.Status, true)
	add("ErrorMessage", h.ErrorMessage, true)
	n.Children = append(n.Children, h.Extra...)
	return n
}

func requestNode(r *RequestBody) *Node {
	n := elem("Request", "")
	if len(r.InputsList) > 0 || r.HasInputsList {
		list := elem("InputsList", "")
		for _, g := range r.InputsList {
			gn := elem("Inputs", "")
			if g.Type != "" {
				gn.Attrs = []Attr{{Name: "type", Value: g.Type}}
			}
			for _, i := range g.Inputs {
				gn.Children = append(gn.Children, &Node{Name: "input", Attrs: []Attr{{Name: "name", Value: i.Name}}, Text: i.Value})
			}
			list.Children = append(list.Children, gn)
		}
		n.Children = append(n.Children, list)
	}
	if r.Payment != nil {
		n.Children = append(n.Children, paymentNode(r.Payment))
	}
	if r.Order != nil {
		n.Children = append(n.Children, orderNode(r.Order))
	}
	if r.IssueCode != "" {
		n.Children = append(n.Children, elem("IssueCode", r.IssueCode))
	}
	n.Children = append(n.Children, r.Extra...)
	return n
}

func responseNode(r *ResponseBody) *Node {
	n := elem("Response", "")
	if r.PackageType != "" {
		n.Children = append(n.Children, elem("packageType", r.PackageType))
	}
	if len(r.TagsList) > 0 {
		list := elem("TagsList", "")
		for _, g := range r.TagsList {
			list.Children = append(list.Children, tagsNode(g))
		}
		n.Children = append(n.Children, list)
	}
	if r.Order != nil {
		n.Children = append(n.Children, orderNode(r.Order))
	}
	if r.IsIDVerify != "" {
		n.Children = append(n.Children, elem("IsIdVerifi", r.IsIDVerify))
	}
	if r.ResponseCode != "" || r.ResponseMessage != "" {
		n.Children = append(n.Children, elem("ResponseCode", r.ResponseCode), elem("ResponseMessage", r.ResponseMessage))
	}
	n.Children = append(n.Children, r.Extra...)
	return n
}

func tagsNode(g Tags) *Node {
	n := elem("Tags", "")
	if g.Type != "" {
		n.Attrs = []Attr{{Name: "type", Value: g.Type}}
	}
	for _, t := range g.Tags {
		tn := elem("Tag", "")
		if t.Readonly != "" {
			tn.Attrs = []Attr{{Name: "readonly", Value: t.Readonly}}
		}
		for _, d := range t.Definitions {
			tn.Children = append(tn.Children, &Node{Name: "Definition", Attrs: []Attr{{Name: "name", Value: d.Name}}, Text: d.Value})
		}
		n.Children = append(n.Children, tn)
	}
	n.Children = append(n.Children, g.Extra...)
	return n
}

func orderNode(o *Order) *Node {
	n := elem("Order", "", elem("TBOrderId", o.TBOrderID))
	if o.Premium != "" {
		n.Children = append(n.Children, elem("Premium", o.Premium))
	}
	if o.PayNo != nil {
		n.Children = append(n.Children, elem("PayNo", *o.PayNo))
	}
	if len(o.SubOrders) > 0 {
		list := elem("SubOrderList", "")
		for _, s := range o.SubOrders {
			sn := elem("SubOrder", "")
			if s.Type != "" {
				sn.Attrs = []Attr{{Name: "type", Value: s.Type}}
			}
			for _, f := range [][2]string{{"TBOrderId", s.TBOrderID}, {"ItemId", s.ItemID}, {"Premium", s.Premium}, {"ProposalNo", s.ProposalNo}, {"PolicyNo", s.PolicyNo}} {
				if f[1] != "" {
					sn.Children = append(sn.Children, elem(f[0], f[1]))
				}
			}
			sn.Children = append(sn.Children, s.Extra...)
			list.Children = append(list.Children, sn)
		}
		n.Children = append(n.Children, list)
	}
	n.Children = append(n.Children, o.Extra...)
	return n
}

func paymentNode(p *Payment) *Node {
	n := elem("Payment", "")
	for _, f := range [][2]string{
		{"TBOrderId", p.TBOrderID}, {"PayOrderId", p.PayOrderID}, {"CheckPayNo", p.CheckPayNo},
		{"PayType", p.PayType}, {"PartnerId", p.PartnerID}, {"PayTime", p.PayTime},
		{"PayMoney", p.PayMoney}, {"AccountDate", p.AccountDate},
		{"AlipayBuyerAccount", p.AlipayBuyerAccount}, {"AlipayBuyerId", p.AlipayBuyerID},
	} {
		if f[1] != "" {
			n.Children = append(n.Children, elem(f[0], f[1]))
		}
	}
	n.Children = append(n.Children, p.Extra...)
	return n
}
