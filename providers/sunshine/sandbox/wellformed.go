package sandbox

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/insurekit/insure/providers/sunshine"
)

// The client reads answers tolerantly (sunshine.ParseEnvelope: names in
// any case, a bare Package, the manual's structural slips), and the
// sandbox reads requests with the same parser. The platform is not so
// forgiving: the manual (3.2) asks for standard XML rooted at PackageList,
// and XML names are case-sensitive, so a platform looking for RequestType
// finds no <requesttype>. notStandardXML holds requests to that before
// they are read loosely.

// exactNames are the request's elements as the manual spells them, by
// their lower-case form. An element matching one only without regard to
// case is misspelt; names the manual does not use are left alone (new
// fields are optional, 3.2 note 2).
// Built on first use: the sandbox is linked into every insure, and
// package variables are built at start-up.
var exactNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{
		"PackageList", "Package", "Header", "Sign", "Request",
		"Version", "RequestType", "InsureType", "SessionId", "From", "To",
		"AgentCode", "SendTime", "SellerId", "Status", "ErrorMessage",
		"InputsList", "Inputs", "input", "IssueCode",
		"Order", "SubOrderList", "SubOrder", "Payment",
		"TBOrderId", "Premium", "ProposalNo", "ItemId", "PolicyNo", "PayNo",
		"PayOrderId", "CheckPayNo", "PayType", "PartnerId", "PayTime",
		"PayMoney", "AccountDate", "AlipayBuyerAccount", "AlipayBuyerId",
	} {
		m[strings.ToLower(n)] = n
	}
	return m
})

// repeatedPart words, as the platform's refusals are worded, a package
// holding its Header, Sign or Request twice (sunshine.RepeatedElementError),
// or "" for any other err. Such a request is refused whole: the
// signature covers one Request, and no other may be acted on.
func repeatedPart(err error) string {
	var rep *sunshine.RepeatedElementError
	if !errors.As(err, &rep) {
		return ""
	}
	return fmt.Sprintf("报文格式有误：第%d个<Package>有%d个<%s>节点，每个Package只能有一个Header、Sign和Request", rep.Package, rep.Count, rep.Element)
}

// notStandardXML says why a GBK request is not a well-formed document
// rooted at <PackageList> with the manual's element names, or "".
func notStandardXML(body []byte) string {
	doc, err := sunshine.DecodeGBK(body)
	if err != nil {
		return "报文须为GBK编码"
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	depth, roots := 0, 0
	var requestType *strings.Builder // the text of a RequestType being read
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "报文不是标准的XML：" + err.Error()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if depth == 0 {
				if roots++; roots > 1 {
					return "报文只能有一个根节点<PackageList>，其后又有<" + name + ">"
				}
				if name != "PackageList" {
					return "报文的根节点须为<PackageList>，收到<" + name + ">"
				}
			}
			if want, known := exactNames()[strings.ToLower(name)]; known && want != name {
				return "节点名大小写有误：<" + name + ">应为<" + want + ">"
			}
			// An <Inputs> without type is taken: the manual's own 110 and
			// 115 requests send their coverages so.
			if name == "RequestType" {
				requestType = &strings.Builder{}
			}
			depth++
		case xml.EndElement:
			depth--
			if t.Name.Local == "RequestType" && requestType != nil {
				// A code is matched as written: " 095 " is not 095.
				if v := requestType.String(); v != strings.TrimSpace(v) {
					return "RequestType不能含空白：\"" + v + "\""
				}
				requestType = nil
			}
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return "报文根节点之外有多余内容"
			}
			if requestType != nil {
				requestType.Write(t)
			}
		}
	}
	if roots == 0 {
		return "报文的根节点须为<PackageList>"
	}
	return ""
}
