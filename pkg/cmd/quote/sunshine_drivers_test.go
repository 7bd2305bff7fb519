package quote

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// twoDriversForm is a 105 answer asking for two named drivers: one
// driverInfo group per driver, as the manual's 105 answer (after the
// reform) carries them, the groups told apart only by their order. The
// sandbox never asks for drivers, so driversPlatform answers with it.
const twoDriversForm = `<?xml version="1.0" encoding="GBK" standalone="yes"?>
<PackageList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
	<Package>
		<Header>
			<version>2</version>
			<RequestType>105</RequestType>
			<InsureType>100</InsureType>
			<SessionId>%s</SessionId>
			<SellerId>%s</SellerId>
			<SendTime>2026-03-02 10:00:00</SendTime>
			<Status>200</Status>
			<ErrorMessage>请填写指定驾驶员信息</ErrorMessage>
		</Header>
		<Sign></Sign>
		<Response>
			<TagsList>
				<Tags type="driverInfoFlag">
					<Tag>
						<Definition name="type">radio</Definition>
						<Definition name="key">agreedDriver</Definition>
						<Definition name="label">是否指定驾驶员</Definition>
						<Definition name="value">1</Definition>
						<Definition name="data"><![CDATA[是:1;否:0]]></Definition>
					</Tag>
				</Tags>%s
			</TagsList>
		</Response>
	</Package>
</PackageList>`

const driverGroup = `
				<Tags type="driverInfo">
					<Tag>
						<Definition name="type">text</Definition>
						<Definition name="key">driverName</Definition>
						<Definition name="label">姓名</Definition>
						<Definition name="value"></Definition>
					</Tag>
					<Tag>
						<Definition name="type">text</Definition>
						<Definition name="key">driverNum</Definition>
						<Definition name="label">驾驶证号</Definition>
						<Definition name="value"></Definition>
					</Tag>
					<Tag>
						<Definition name="type">cdate</Definition>
						<Definition name="key">drivateDate</Definition>
						<Definition name="label">初次领证日期</Definition>
						<Definition name="value"></Definition>
					</Tag>
				</Tags>`

// driversPlatform stands between insure and the sandbox: a 105 that names
// no driver is answered with twoDriversForm, everything else goes on to
// the sandbox. It keeps every request it received, as UTF-8 text.
type driversPlatform struct {
	mu       sync.Mutex
	received []string
}

var (
	sessionIDRE   = regexp.MustCompile(`<SessionId>([^<]*)</SessionId>`)
	driverGroupRE = regexp.MustCompile(`(?s)<Inputs type=["']driverInfo["']>(.*?)</Inputs>`)
	inputRE       = regexp.MustCompile(`<input name=["']([^"']+)["']\s*>([^<]*)</input>`)
)

// newDriversEnv is a pipe Env whose profile "staging" has the sandbox's
// keys and points at a driversPlatform in front of the Env's sandbox.
func newDriversEnv(t *testing.T) (*cmdtest.Env, *driversPlatform) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{})
	key, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPlatformPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	p := &driversPlatform{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		text, err := sunshine.DecodeGBK(body)
		if err != nil {
			t.Errorf("the request is not GBK: %v", err)
		}
		p.mu.Lock()
		p.received = append(p.received, string(text))
		p.mu.Unlock()
		if strings.Contains(string(text), "<RequestType>105</RequestType>") && !strings.Contains(string(text), "driverInfo") {
			sid := sessionIDRE.FindStringSubmatch(string(text))[1]
			doc, err := sunshine.ToGBK([]byte(fmt.Sprintf(twoDriversForm, sid, sandbox.TestSellerID, driverGroup+driverGroup)))
			if err == nil {
				doc, err = sunshine.SignDocument(doc, "Response", key)
			}
			if err != nil {
				t.Error(err)
			}
			w.Header().Set("Content-Type", "text/xml; charset=GBK")
			_, _ = w.Write(doc)
			return
		}
		fwd, err := http.NewRequestWithContext(r.Context(), r.Method, e.Sandbox.URL+r.URL.RequestURI(), strings.NewReader(string(body)))
		if err != nil {
			t.Error(err)
			return
		}
		fwd.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(fwd)
		if err != nil {
			t.Error(err)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	return e, p
}

func (p *driversPlatform) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.received)
}

// drivers returns the driverInfo groups of the last 105 received, in
// order, each as its inputs by name.
func (p *driversPlatform) drivers(t *testing.T) []map[string]string {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := len(p.received) - 1; i >= 0; i-- {
		if !strings.Contains(p.received[i], "<RequestType>105</RequestType>") {
			continue
		}
		var out []map[string]string
		for _, g := range driverGroupRE.FindAllStringSubmatch(p.received[i], -1) {
			in := map[string]string{}
			for _, m := range inputRE.FindAllStringSubmatch(g[1], -1) {
				in[m[1]] = m[2]
			}
			out = append(out, in)
		}
		return out
	}
	t.Fatal("no 105 received")
	return nil
}

// startDrivers starts a quote whose 105 asks for two drivers; a script
// stops with exit 2, and the saved session is returned.
func startDrivers(t *testing.T, e *cmdtest.Env) (string, error) {
	t.Helper()
	err := runSunshineQuote(e, append(newArgs, vehicleSets...)...)
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), "staging", 0)
	if len(list) != 1 || list[0].Pending != "105" {
		t.Fatalf("want one session waiting on the 105 form, got %+v (%v)", list, err)
	}
	return list[0].ID, err
}

// Two driverInfo groups in one answer are two drivers: a script is told
// each one's fields apart, an answer that does not say which driver is
// refused, and GROUP[N].KEY (or a list in -f) answers each one, sent back
// as two groups in order, again in a later 105 built from the session.
func TestSunshineRepeatedGroupsAreAnsweredApart(t *testing.T) {
	e, p := newDriversEnv(t)
	sid, err := startDrivers(t, e)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	msg := err.Error() + string(cmdutil.ErrorJSON(err))
	for _, s := range []string{"driverInfo[0].driverName", "driverInfo[1].driverName", "driverInfo[1].drivateDate", "--set driverInfo[1].driverNum=VALUE"} {
		if !strings.Contains(msg, s) {
			t.Errorf("%q missing from %s", s, msg)
		}
	}

	e.Reset()
	sent := p.count()
	err = runSunshineQuote(e, "--session", sid, "--set", "driverName=张三")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "driverName") || !strings.Contains(err.Error(), "2 driverInfo groups") || p.count() != sent {
		t.Fatalf("an answer for either driver: exit %d: %v; %d request(s) sent", cmdutil.ExitCode(err), err, p.count()-sent)
	}

	e.Reset()
	answers := filepath.Join(t.TempDir(), "drivers.yaml")
	yaml := "agreedDriver: 1\ndriverInfo:\n" +
		"  - {driverName: 张三, driverNum: \"440106198001011230\", drivateDate: \"2010-01-02\"}\n" +
		"  - {driverName: 李四, driverNum: \"440106198502023456\", drivateDate: \"2011-01-01\"}\n"
	if err := os.WriteFile(answers, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := runSunshineQuote(e, "--session", sid, "-f", answers, "--set", "driverInfo[1].drivateDate=2012-03-04"); err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{
		{"driverName": "张三", "driverNum": "440106198001011230", "drivateDate": "2010-01-02"},
		{"driverName": "李四", "driverNum": "440106198502023456", "drivateDate": "2012-03-04"},
	}
	if got := p.drivers(t); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("105 sent driver groups %v, want %v", got, want)
	}
	var r purchase.QuoteResult
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.SessionID != sid || r.Step != "105" || r.Premiums["totalPremium"].Fen == 0 {
		t.Fatalf("printed %q: %v", e.Out.String(), err)
	}

	// Another package is priced by a 105 built from what the session
	// sent: both drivers again, each in its own group.
	e.Reset()
	if err := runSunshineQuote(e, "--session", sid, "--package", "basic"); err != nil {
		t.Fatal(err)
	}
	if got := p.drivers(t); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("the re-priced 105 sent driver groups %v, want %v", got, want)
	}
}

// On a terminal each driver is asked on a page of its own, its prompts
// naming the field --set takes.
func TestSunshineRepeatedGroupsAreAskedApart(t *testing.T) {
	e, p := newDriversEnv(t)
	sid, _ := startDrivers(t, e)
	e.Reset()
	for _, tty := range []func(bool){e.F.IOStreams.SetStdinTTY, e.F.IOStreams.SetStdoutTTY, e.F.IOStreams.SetStderrTTY} {
		tty(true)
	}
	e.Prompts.Answers = map[string]any{
		"是否指定驾驶员 (agreedDriver)":                          "是",
		"姓名 (driverInfo[0].driverName)":                   "张三",
		"驾驶证号 (driverInfo[0].driverNum)":                  "440106198001011230",
		"初次领证日期 (driverInfo[0].drivateDate) [yyyy-mm-dd]": "2010-01-02",
		"姓名 (driverInfo[1].driverName)":                   "李四",
		"驾驶证号 (driverInfo[1].driverNum)":                  "440106198502023456",
		"初次领证日期 (driverInfo[1].drivateDate) [yyyy-mm-dd]": "2011-01-01",
	}
	if err := runSunshineQuote(e, "--session", sid); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, form := range e.Prompts.Forms {
		for i, q := range form {
			if i == 0 || q.Group != form[i-1].Group {
				pages = append(pages, q.Group)
			}
		}
	}
	if strings.Join(pages, ",") != "driverInfoFlag,driverInfo[0],driverInfo[1]" {
		t.Errorf("pages %q", pages)
	}
	want := "[map[drivateDate:2010-01-02 driverName:张三 driverNum:440106198001011230] map[drivateDate:2011-01-01 driverName:李四 driverNum:440106198502023456]]"
	if got := fmt.Sprint(p.drivers(t)); got != want {
		t.Fatalf("105 sent driver groups %s", got)
	}
	if !strings.Contains(e.Out.String(), sid) {
		t.Fatalf("stdout %q", e.Out.String())
	}
}
