package sunshine_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// roundTripFunc lets a test stand between the client and the platform.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestUnknownOutcomeIsRetriedIdentically(t *testing.T) {
	p := newPlatform(t)
	var calls []httpx.Call
	lost := 2 // the first two answers are lost after the platform acted
	flaky := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if c, ok := httpx.CallFrom(r.Context()); ok {
			calls = append(calls, c)
		}
		res, err := http.DefaultTransport.RoundTrip(r)
		if err == nil && lost > 0 {
			lost--
			res.Body.Close()
			return nil, errors.New("read: connection reset by peer")
		}
		return res, err
	})}
	c := p.client(t, func(c *sunshine.Config) { c.HTTP = flaky })
	r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", "08512200", "licenseNo", "粤A12345", "noLicenseFlag", "0", "ownerName", "张三", "ownerMobile", "13800138000", "agentCode", sandbox.TestAgentCode,
		"spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	if err != nil {
		t.Fatal(err)
	}
	// The platform saw the same bytes three times and did not take the
	// repeats for a reused SessionId.
	if p.Count() != 3 || !bytes.Equal(p.Received()[0], p.Received()[2]) || !r.NeedsInput() {
		t.Fatalf("received %d requests, status %s", p.Count(), r.Status)
	}
	if len(calls) != 3 || calls[0].Provider != "sunshine" || calls[0].Operation != "txn.100" || calls[0].Keys["sessionId"] != r.Header.SessionID {
		t.Errorf("httpx.Call: %+v", calls)
	}

	// Always failing: exit 5, outcome unknown, the SessionId in the hint.
	down := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("i/o timeout")
	})}
	c = p.client(t, func(c *sunshine.Config) { c.HTTP = down })
	_, err = c.Send(context.Background(), sunshine.RequestSpec{Transaction: "125", SessionID: "20260302100000123456"})
	fe := assertFailure(t, err, failure.Network, "", "3 attempts")
	if !fe.Unknown || !strings.Contains(fe.Hint, "20260302100000123456") {
		t.Errorf("unknown %v hint %q", fe.Unknown, fe.Hint)
	}
}

func TestRepeatedRequestGetsIdenticalAnswer(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	b, err := c.Build(sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{group("vehicleInfo",
		"cityCode", "08512200", "licenseNo", "粤A12345", "noLicenseFlag", "0", "ownerName", "张三", "ownerMobile", "13800138000", "agentCode", sandbox.TestAgentCode,
		"spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.SendRaw(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.SendRaw(context.Background(), b)
	if err != nil || !bytes.Equal(first.Raw, second.Raw) {
		t.Fatalf("second answer differs (%v)", err)
	}
	// The same session with a new SendTime is a new request: refused.
	later := bytes.Replace(b, []byte("10:00:00"), []byte("10:00:01"), 1)
	_, err = c.SendRaw(context.Background(), later)
	assertFailure(t, err, failure.Refused, "400", "SessionId")
}

func TestSendRaw(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	partner, _ := keys(t)
	// What a user writes: UTF-8, no Sign.
	doc := `<?xml version="1.0" encoding="GBK"?>
<PackageList><Package><Header><Version>2</Version><RequestType>095</RequestType><InsureType>100</InsureType>
<SessionId>20260302100000000001</SessionId><SellerId>` + "3597746367" + `</SellerId><AgentCode>W03210001</AgentCode>
<SendTime>2026-03-02 10:00:00</SendTime><Status>100</Status></Header>
<Request><InputsList><Inputs type="vehicleInfo"><input name="licenseNo">京A00021</input>
<input name="cityCode">01562800</input><input name="noLicenseFlag">0</input></Inputs></InputsList></Request>
</Package></PackageList>`
	r, err := c.SendRaw(context.Background(), []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !r.NeedsInput() || len(r.TagsList[0].Tags) != 2 {
		t.Errorf("095: %s %+v", r.Status, r.TagsList)
	}
	got := p.Last()
	plate, _ := sunshine.EncodeGBK([]byte("京A00021"))
	if !bytes.Contains(got, plate) || sunshine.VerifyDocument(got, "Request", partner.pub) != nil {
		t.Errorf("sent:\n%s", got)
	}
}

func TestBuildValidation(t *testing.T) {
	c := sunshine.New(sunshine.Config{})
	_, err := c.Build(sunshine.RequestSpec{Transaction: "105", InputsList: []sunshine.Inputs{group("x", "ownerName", "😀")}})
	fe := assertFailure(t, err, failure.Usage, "", "sessionId")
	var fields []string
	for _, f := range fe.Fields {
		fields = append(fields, f.Field)
	}
	if strings.Join(fields, " ") != "sessionId seller-id agent-code private-key x.ownerName" {
		t.Errorf("fields %v", fields)
	}
	_, err = c.Build(sunshine.RequestSpec{Transaction: "999"})
	assertFailure(t, err, failure.Usage, "", "transaction")
}

func TestDryRun(t *testing.T) {
	p := newPlatform(t)
	dry := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, r.Body)
		return nil, httpx.ErrDryRun
	})}
	_, err := p.client(t, func(c *sunshine.Config) { c.HTTP = dry }).Send(context.Background(), sunshine.RequestSpec{Transaction: "050"})
	if !errors.Is(err, httpx.ErrDryRun) || p.Count() != 0 {
		t.Fatalf("err %v, %d sent", err, p.Count())
	}
}
