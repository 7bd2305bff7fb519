package sunshine

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

// The 400 messages the platform (and its sandbox) write, and which hint
// each gets: the step order only for a message about the order.
func TestStoppedHints(t *testing.T) {
	for _, tc := range []struct {
		msg, want, not string
	}{
		{"交易顺序错误：当前会话已完成105，不能发送130", "check the order of the steps", "correct that"},
		{"SessionId不存在，请先发送100请求", "start again with a new 100 request", "correct that"},
		{"SessionId已使用过，100请求须使用新的SessionId", "start again with a new 100 request", "correct that"},
		{"请先完成短信验证（127）", "check the order of the steps", "correct that"},
		{"套餐luxury尚未报价，请先以该套餐发送105或110", "check the order of the steps", "correct that"},
		{"未保存保费（115），不能选择投保礼", "check the order of the steps", "correct that"},
		{"该订单已承保，保单号：P1,P2", "do not send 130 again", "correct that"},
		{"cityCode须为阳光提供的城市代码（城市查询接口的id）：12345678", "for what its message names: correct that", "order of the steps"},
		{"报文须为GBK编码，声明为UTF-8", "for what its message names: correct that", "order of the steps"},
		{"支付金额100分与应缴保费200分不符", "for what its message names: correct that", "order of the steps"},
		{"", "without saying why", "correct that"},
	} {
		r := &Response{Header: Header{SessionID: "S1"}, Status: StatusStopped}
		if tc.msg != "" {
			r.ErrorMessages = []string{tc.msg}
		}
		var fe *failure.Error
		if err := statusError(TxnIssue, r); !errors.As(err, &fe) || fe.Kind != failure.Refused || fe.Code != StatusStopped {
			t.Errorf("%q: %v", tc.msg, err)
			continue
		}
		if !strings.Contains(fe.Hint, tc.want) || strings.Contains(fe.Hint, tc.not) || !strings.Contains(fe.Hint, "S1") {
			t.Errorf("%q: hint %q, want %q and not %q", tc.msg, fe.Hint, tc.want, tc.not)
		}
	}
}
