package sandbox

import (
	"regexp"
	"sync"
	"time"

	"github.com/insurekit/insure/providers/sunshine"
)

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
// 050 (page colours) is exempt from the SendTime age: it belongs to no
// purchase, and the manual's own 050 request is the usual first test.
func checkHeader(h sunshine.Header, now time.Time) string {
	switch {
	case h.Version != "2":
		return "报文版本Version须为2，收到：" + h.Version
	case h.RequestType == "":
		return "RequestType不能为空"
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
