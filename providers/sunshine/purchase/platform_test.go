package purchase_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
	"github.com/insurekit/insure/providers/sunshine/sandbox/sandboxtest"
)

var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// platform is the Sunshine sandbox on real HTTP, recording every request
// it received (sandboxtest).
type platform struct{ *sandboxtest.Platform }

func newPlatform(t *testing.T) *platform { return &platform{sandboxtest.New(t, testNow)} }

func (p *platform) client(t *testing.T) *sunshine.Client { return clientAt(t, p.URL) }

// clientAt is the sandbox's partner reaching the platform through the
// server at base (the platform itself, or something in front of it).
func clientAt(t *testing.T, base string) *sunshine.Client {
	t.Helper()
	priv, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPartnerPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPlatformPublicKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	return sunshine.New(sunshine.Config{BaseURL: base + sandbox.Path, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: priv, PlatformPublicKey: pub, Now: func() time.Time { return testNow }, RetryDelay: -1,
		SpSource: sandbox.TestSpSource, NetCampaignNo: sandbox.TestNetCampaignNo, PartnerID: sandbox.TestPartnerID, ItemID: sandbox.TestItemID})
}

// flow is a purchase over the platform with no one to ask (a script).
func (p *platform) flow(t *testing.T, sessions purchase.SessionStore) *purchase.Flow {
	return &purchase.Flow{Client: p.client(t), Sessions: sessions}
}

var requestTypeRE = regexp.MustCompile(`<RequestType>(\d+)</RequestType>`)

// transactions lists the transaction of every request received, in order.
func (p *platform) transactions() []string {
	var out []string
	for _, b := range p.Received() {
		if m := requestTypeRE.FindSubmatch(b); m != nil {
			out = append(out, string(m[1]))
		}
	}
	return out
}

// sent returns the inputs (by name) and the raw body of the last request
// of transaction txn the platform received.
func (p *platform) sent(t *testing.T, txn string) (map[string]string, []byte) {
	t.Helper()
	received := p.Received()
	for i := len(received) - 1; i >= 0; i-- {
		b := received[i]
		if m := requestTypeRE.FindSubmatch(b); m == nil || string(m[1]) != txn {
			continue
		}
		utf8, err := sunshine.DecodeGBK(b)
		if err != nil {
			t.Fatal(err)
		}
		inputs := map[string]string{}
		for _, m := range inputRE.FindAllSubmatch(utf8, -1) {
			inputs[string(m[1])] = string(m[2])
		}
		return inputs, utf8
	}
	t.Fatalf("the platform received no %s (got %v)", txn, p.transactions())
	return nil, nil
}

var inputRE = regexp.MustCompile(`<input name=['"]([^'"]+)['"]\s*>([^<]*)</input>`)

// answers parses KEY=VALUE or GROUP.KEY=VALUE answers.
func answers(t *testing.T, sets ...string) *purchase.Answers {
	t.Helper()
	a, err := purchase.LoadAnswers(strings.NewReader(""), "", sets)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var vehicleAnswers = []string{"vehicleFrameNo=LSVAM4187C2184321", "engineNo=184321", "vehicleId=XDAAMD0068",
	"firstRegisterDate=2020-05-06", "ownerIdNo=440106198001011230"}

var peopleAnswers = []string{
	"insuredName=张三", "insuredIdNo=440106198001011230", "insuredMobile=13800000000", "insuredEmail=zhang.san@example.com",
	"applicantName=张三", "applicantIdNo=440106198001011230", "applicantMobile=13912345678", "applicantEmail=zhang.san@example.com",
	"ownerEmail=zhang.san@example.com",
	"addresseeName=张三", "addresseeMobile=13800000000", "addresseeProvince=44",
	"addresseeCity=4401", "addresseeTown=440106", "addresseeDetails=广州市天河区体育西路1号", "insuredaddresseeDetails=广州市天河区体育西路1号", "carPlace=440100",
}

func newSession(city string) *purchase.Session {
	return &purchase.Session{Profile: "test", Plate: "冀A00021", City: city, Owner: "张三", Mobile: "13800000000"}
}

// quoted prices a new session in city and returns it as saved.
func quoted(t *testing.T, p *platform, sessions purchase.SessionStore, city string) *purchase.Session {
	t.Helper()
	fl := p.flow(t, sessions)
	fl.Session = newSession(city)
	if err := fl.Start(context.Background(), "", answers(t, vehicleAnswers...)); err != nil {
		t.Fatal(err)
	}
	s, err := sessions.Load(context.Background(), "test", fl.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// scriptedAsker is a person at a terminal who answers by control key.
type scriptedAsker struct {
	values map[string]string // by control key
	codes  []string          // verification codes, in order
	chosen []string          // keys to pick in Choose
	asked  []string          // fields asked, in order
	// refusals holds what VerificationCode was told of the previous code.
	refusals []error
}

func (a *scriptedAsker) Ask(_ context.Context, q purchase.Questions) (map[string]string, error) {
	out := map[string]string{}
	for _, c := range q.Controls {
		a.asked = append(a.asked, c.Field())
		v, ok := a.values[c.Key()]
		if !ok {
			v = q.Current[c.Field()]
		}
		out[c.Field()] = v
	}
	return out, nil
}

func (a *scriptedAsker) Choose(_ context.Context, _ string, controls []purchase.Control) ([]int, error) {
	var idx []int
	for i, c := range controls {
		for _, k := range a.chosen {
			if c.Key() == k {
				idx = append(idx, i)
			}
		}
	}
	return idx, nil
}

func (a *scriptedAsker) VerificationCode(_ context.Context, refused error) (string, error) {
	a.refusals = append(a.refusals, refused)
	code := a.codes[0]
	a.codes = a.codes[1:]
	return code, nil
}

// progressLines is a Progress that keeps what it is told.
type progressLines struct{ lines []string }

func (p *progressLines) Answered(txn sunshine.Transaction, resp *sunshine.Response) {
	p.lines = append(p.lines, string(txn)+" "+resp.Status)
}

func (p *progressLines) Note(text string) { p.lines = append(p.lines, text) }
