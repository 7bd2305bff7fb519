package sunshine_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// The tests here have the sandbox's answers changed on the way (the
// header is unsigned, so no signing is needed) and check what the client
// makes of an envelope that is the platform's but not a whole answer.

var responseBody = regexp.MustCompile(`(?s)<Response>.*</Response>`)

func lookup095() sunshine.RequestSpec {
	return sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup, InputsList: []sunshine.Inputs{
		group("vehicleInfo", "cityCode", "07518800", "licenseNo", "冀A00021", "noLicenseFlag", "0")}}
}

func setStatus(b []byte, status, msg string) []byte {
	b = regexp.MustCompile(`<Status>[^<]*</Status>`).ReplaceAll(b, []byte("<Status>"+status+"</Status>"))
	return regexp.MustCompile(`<ErrorMessage>[^<]*</ErrorMessage>|<ErrorMessage/>`).ReplaceAll(b, []byte("<ErrorMessage>"+msg+"</ErrorMessage>"))
}

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := sunshine.EncodeGBK([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A refusal without a <Response> is the platform's refusal all the same
// (exit 4 with its words), not "not an XML answer" and a hint about the
// endpoint; a success without one is an incomplete answer (exit 6), also
// told as such.
func TestEnvelopeWithoutResponseIsReadFromItsHeader(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	refusal := "亲！您投保不成功，稍后坐席会与您联系！"
	p.Tamper(func(b []byte) []byte { return responseBody.ReplaceAll(setStatus(b, "400", gbk(t, refusal)), nil) })
	_, err := c.Send(context.Background(), lookup095())
	fe := assertFailure(t, err, failure.Refused, "400", refusal)
	if strings.Contains(fe.Error()+fe.Hint, "not an XML answer") || strings.Contains(fe.Hint, "endpoint") {
		t.Errorf("400 without <Response>: %v (hint %q)", fe, fe.Hint)
	}

	p.Tamper(func(b []byte) []byte { return responseBody.ReplaceAll(setStatus(b, "100", ""), nil) })
	_, err = c.Send(context.Background(), lookup095())
	fe = assertFailure(t, err, failure.Verification, "", "holds no <Response>")
	if strings.Contains(fe.Error(), "not an XML answer") || strings.Contains(fe.Hint, "endpoint") || fe.Hint == "" {
		t.Errorf("100 without <Response>: %v (hint %q)", fe, fe.Hint)
	}
}

// GBK bytes under a UTF-8 declaration: the message says exactly that,
// with the header's status read through GBK, not "invalid UTF-8" and a
// hint about the endpoint.
func TestGBKAnswerDeclaredUTF8IsSaidToBeMislabelled(t *testing.T) {
	p := newPlatform(t)
	p.Tamper(func(b []byte) []byte {
		if !bytes.Contains(b, []byte(`encoding="GBK"`)) {
			t.Fatalf("the answer does not declare GBK:\n%s", b)
		}
		return bytes.Replace(b, []byte(`encoding="GBK"`), []byte(`encoding="UTF-8"`), 1)
	})
	_, err := p.client(t).Send(context.Background(), lookup095())
	fe := assertFailure(t, err, failure.Verification, "", `declares encoding="UTF-8" but is not UTF-8`)
	if !strings.Contains(fe.Message, "read as GBK") || !strings.Contains(fe.Message, `unverified, the answer reads status "200"`) || strings.Contains(fe.Hint, "endpoint") {
		t.Errorf("%v (hint %q)", fe, fe.Hint)
	}
}

// An answer that does not name its RequestType or SessionId cannot be
// matched to the request (exit 6), rather than shown as an answer to
// transaction "".
func TestAnswerWithoutRequestTypeOrSessionIdIsNotTaken(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	for name, re := range map[string]*regexp.Regexp{
		"RequestType": regexp.MustCompile(`<RequestType>[^<]*</RequestType>`),
		"SessionId":   regexp.MustCompile(`<SessionId>[^<]*</SessionId>`),
	} {
		p.Tamper(func(b []byte) []byte { return re.ReplaceAll(b, nil) })
		r, err := c.Send(context.Background(), lookup095())
		assertFailure(t, err, failure.Verification, "", "names no "+name)
		if r != nil {
			t.Errorf("without %s: the answer was returned: %+v", name, r.Header)
		}
	}
}

// A status the manual does not define, or none, is exit 6 with a hint;
// a missing status is called missing.
func TestUnknownOrMissingStatusHasAHint(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	sid := start(t, c, "07518800")
	quote := sunshine.RequestSpec{Transaction: sunshine.TxnQuote, SessionID: sid, InputsList: []sunshine.Inputs{vehicle}}
	for _, tc := range []struct {
		edit       func([]byte) []byte
		says, also string
	}{
		{func(b []byte) []byte { return setStatus(b, "500", gbk(t, "系统异常")) }, `unrecognised status "500"`, "系统异常"},
		{func(b []byte) []byte { return setStatus(b, "", "") }, "gives no Status", ""},
		{func(b []byte) []byte { return regexp.MustCompile(`<Status>[^<]*</Status>`).ReplaceAll(b, nil) }, "gives no Status", ""},
	} {
		p.Tamper(tc.edit)
		_, err := c.Send(context.Background(), quote)
		fe := assertFailure(t, err, failure.Verification, "", tc.says)
		if !strings.Contains(fe.Message, tc.also) || !strings.Contains(fe.Hint, sid) || strings.Contains(fe.Message, `status ""`) {
			t.Errorf("%s: %v (hint %q)", tc.says, fe, fe.Hint)
		}
	}
}

// A 300 to the vehicle look-up (095) does not point at its SessionId,
// which is the look-up's own and no purchase's.
func TestDeclinedLookupNamesNoSession(t *testing.T) {
	p := newPlatform(t)
	var sid string
	p.Tamper(func(b []byte) []byte {
		if m := regexp.MustCompile(`<SessionId>([^<]*)</SessionId>`).FindSubmatch(b); m != nil {
			sid = string(m[1])
		}
		return setStatus(b, "300", gbk(t, "车辆信息有误，拒保"))
	})
	_, err := p.client(t).Send(context.Background(), lookup095())
	fe := assertFailure(t, err, failure.Refused, "300", "拒保")
	if sid == "" || strings.Contains(fe.Hint, sid) || strings.Contains(fe.Hint, "session") || fe.Hint == "" {
		t.Errorf("hint %q (SessionId %s)", fe.Hint, sid)
	}
}
