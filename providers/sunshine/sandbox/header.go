package sandbox

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/providers/sunshine"
)

// sessionIDRE is the header table's type for SessionId: 数字, digits. The
// manual's own 050, 126 and 127 examples send SMG..., against the table;
// the table is the rule (docs/providers/sunshine.md, tables over examples),
// except on 050, which belongs to no purchase and whose manual request
// (examples/sunshine/request-050.xml) is the usual first test.
var sessionIDRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+$`) })

// agentCodeRE is the shape of the service-area code in the manual's
// examples (W03210001, W02400654): a letter and eight digits.
var agentCodeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]\d{8}$`) })

// MaxSendTimeSkew is how far a request's SendTime may be from the
// sandbox's clock, either way. The manual gives no figure; a request
// stamped long ago is a replay of something else, one stamped in the
// future a wrong clock. insure doctor warns by the same figure.
const MaxSendTimeSkew = sunshine.SendTimeTolerance

// checkHeader applies the header table's rules (every field marked
// required, and the formats it gives) to a request; "" when it passes.
// 050 (page colours) is exempt from the SendTime age and the SessionId's
// digits: it belongs to no purchase, and the manual's own 050 request is
// the usual first test.
// statusGiven says whether the request's Header has a Status element: the
// table marks it required, though it may be empty as in the manual's own
// examples (<Status></Status>).
func checkHeader(h sunshine.Header, statusGiven bool, now time.Time) string {
	switch {
	case h.Version != "2":
		return "报文版本Version须为2，收到：" + h.Version
	case h.RequestType == "":
		return "RequestType不能为空"
	case sunshine.Transaction(h.RequestType) != sunshine.TxnColors && !sessionIDRE().MatchString(h.SessionID):
		return "SessionId须为数字（如20260302100000123456），收到：" + h.SessionID
	case !statusGiven:
		return "报文头缺少Status节点（请求填100，如<Status>100</Status>）"
	case !requestStatus(h.Status):
		return "Status须为数据字典中的值（100、200、300、400；请求填100）：" + h.Status
	case h.InsureType != "" && !sessionIDRE().MatchString(h.InsureType):
		// The table refers to an appendix the manual lacks, with 100 as
		// the default: a code, so digits.
		return "InsureType须为数字代码（默认100）：" + h.InsureType
	case h.AgentCode == "":
		return "AgentCode（服务区域代码）不能为空"
	case !agentCodeRE().MatchString(h.AgentCode):
		return "AgentCode格式有误（如W03210001）：" + h.AgentCode
	case h.SendTime == "":
		return "SendTime不能为空"
	}
	sent, err := time.ParseInLocation("2006-01-02 15:04:05", h.SendTime, chinaTime)
	if err != nil {
		return "SendTime格式须为yyyy-MM-dd HH:mm:ss：" + h.SendTime
	}
	if sunshine.Transaction(h.RequestType) != sunshine.TxnColors {
		if d := now.Sub(sent); d > MaxSendTimeSkew || d < -MaxSendTimeSkew {
			return "SendTime与服务器时间相差过大（北京时间）：" + h.SendTime
		}
	}
	return ""
}

// requestStatus says whether a request's Status is empty (as in the
// manual's examples) or one of the header table's dictionary values.
func requestStatus(v string) bool {
	switch v {
	case "", sunshine.StatusOK, sunshine.StatusNeedForm, sunshine.StatusDeclined, sunshine.StatusStopped:
		return true
	}
	return false
}

// wrongContentType says why a request's Content-Type is not the raw XML
// the platform takes (text/xml, with no charset or a GBK one), or "" when
// it is. The document is GBK (notGBK refuses anything else), and under
// RFC 7303 a charset on the Content-Type overrides the XML declaration:
// a platform honouring charset=UTF-8 would read the GBK bytes as UTF-8.
func wrongContentType(header string) string {
	mt, params, err := mime.ParseMediaType(header)
	switch {
	case header == "":
		return "Content-Type缺失：报文须以text/xml原样POST（如text/xml; charset=GBK）"
	case err != nil || mt != "text/xml":
		return "Content-Type须为text/xml（如text/xml; charset=GBK），收到：" + header
	}
	if cs, ok := params["charset"]; ok && !gbkLabel(cs) {
		return "Content-Type的charset须为GBK（报文为GBK编码），收到：" + header
	}
	return ""
}

// statusGiven reports, for each package of a GBK request in the order
// sunshine.ParseEnvelope reads them, whether its Header has a Status
// element; sunshine.Header cannot tell an absent Status from an empty one.
// It reads the document as that parser does (loosely: a missing end tag
// closes at its parent's). nil when the document cannot be read, and the
// caller then takes every Status as given.
func statusGiven(body []byte) []bool {
	doc, err := sunshine.DecodeGBK(body)
	if err != nil {
		return nil
	}
	type elem struct {
		name     string
		children []*elem
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	root := &elem{}
	stack := []*elem{root}
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &elem{name: t.Name.Local}
			top := stack[len(stack)-1]
			top.children = append(top.children, e)
			stack = append(stack, e)
		case xml.EndElement:
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].name == t.Name.Local {
					stack = stack[:i]
					break
				}
			}
		}
	}
	var pkgs []*elem
	for _, top := range root.children {
		switch {
		case strings.EqualFold(top.name, "PackageList"):
			for _, c := range top.children {
				if strings.EqualFold(c.name, "Package") {
					pkgs = append(pkgs, c)
				}
			}
		case strings.EqualFold(top.name, "Package"):
			pkgs = append(pkgs, top)
		}
	}
	out := make([]bool, len(pkgs))
	for i, p := range pkgs {
		// A package has one Header (a second is refused before this is
		// read); should there be more, the last one decides.
		for _, c := range p.children {
			if strings.EqualFold(c.name, "Header") {
				out[i] = false
				for _, f := range c.children {
					if strings.EqualFold(f.name, "Status") {
						out[i] = true
					}
				}
			}
		}
	}
	return out
}
