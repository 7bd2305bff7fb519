package sunshine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

const orderHint = "check the order of the steps"

// A 400 is told to check the order of the steps only when the platform's
// message is about the order; any other refusal (an unknown city) is told
// to correct what the message names.
func TestStoppedHintFollowsTheMessage(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)

	_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "095", InputsList: []sunshine.Inputs{
		group("vehicleInfo", "cityCode", "12345678", "licenseNo", "粤A12345", "noLicenseFlag", "0")}})
	fe := assertFailure(t, err, failure.Refused, "400", "cityCode")
	if strings.Contains(fe.Hint, orderHint) || !strings.Contains(fe.Hint, "for what its message names: correct that") {
		t.Errorf("unknown city: hint %q", fe.Hint)
	}

	// Out of order (交易顺序错误) and an unknown session (请先发送100请求).
	sid := start(t, c, "08512200")
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "130", SessionID: sid})
	fe = assertFailure(t, err, failure.Refused, "400", "顺序")
	if !strings.Contains(fe.Hint, orderHint) || !strings.Contains(fe.Hint, sid) {
		t.Errorf("out of order: hint %q", fe.Hint)
	}
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "105", SessionID: "20260302100000999999", InputsList: []sunshine.Inputs{vehicle}})
	fe = assertFailure(t, err, failure.Refused, "400", "SessionId")
	if !strings.Contains(fe.Hint, orderHint) || !strings.Contains(fe.Hint, "new 100 request") {
		t.Errorf("unknown session: hint %q", fe.Hint)
	}
}
