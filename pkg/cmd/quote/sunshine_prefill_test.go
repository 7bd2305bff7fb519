package quote

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// prefillProxy stands before the sandbox: it answers 100 with the
// sandbox's vehicle form changed as fill says (re-signed with the
// platform's key), and keeps every request body.
type prefillProxy struct {
	t      *testing.T
	target string
	fill   func(tags []sunshine.Tag) []sunshine.Tag // the vehicleInfo controls of the 100 answer
	mu     sync.Mutex
	bodies [][]byte
}

func (p *prefillProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	p.bodies = append(p.bodies, body)
	p.mu.Unlock()
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if bytes.Contains(body, []byte("<RequestType>100</RequestType>")) {
		answer = p.rewrite(answer)
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

func (p *prefillProxy) rewrite(answer []byte) []byte {
	env, err := sunshine.ParseEnvelope(answer)
	if err != nil {
		p.t.Error(err)
		return answer
	}
	for i, g := range env.Packages[0].Response.TagsList {
		if g.Type == "vehicleInfo" {
			env.Packages[0].Response.TagsList[i].Tags = p.fill(g.Tags)
		}
	}
	doc, err := env.Marshal()
	if err == nil {
		key, kerr := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPlatformPrivateKeyPEM))
		if err = kerr; err == nil {
			doc, err = sunshine.SignDocument(doc, "Response", key)
		}
	}
	if err != nil {
		p.t.Error(err)
		return answer
	}
	return doc
}

var sentInputRE = regexp.MustCompile(`<input name=['"]([^'"]+)['"]\s*>([^<]*)</input>`)

// sent is the inputs of the last request of txn the proxy passed on.
func (p *prefillProxy) sent(txn string) map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := len(p.bodies) - 1; i >= 0; i-- {
		if !bytes.Contains(p.bodies[i], []byte("<RequestType>"+txn+"</RequestType>")) {
			continue
		}
		utf8, err := sunshine.DecodeGBK(p.bodies[i])
		if err != nil {
			p.t.Fatal(err)
		}
		in := map[string]string{}
		for _, m := range sentInputRE.FindAllSubmatch(utf8, -1) {
			in[string(m[1])] = string(m[2])
		}
		return in
	}
	p.t.Fatalf("no %s was sent", txn)
	return nil
}

// withPrefillProxy points a profile "staging" (the sandbox's keys) at a
// prefillProxy before e's sandbox.
func withPrefillProxy(t *testing.T, e *cmdtest.Env, fill func([]sunshine.Tag) []sunshine.Tag) *prefillProxy {
	t.Helper()
	p := &prefillProxy{t: t, target: e.SandboxBase(t, "sunshine"), fill: fill}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	return p
}

func text(key, value string) sunshine.Tag {
	return sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: "text"}, {Name: "key", Value: key},
		{Name: "label", Value: key}, {Name: "value", Value: value}}}
}

// The platform's 100 answer prefills the vehicle form; the manual's own
// prefills the owner 儿童. What the user gave by flag (--owner, --mobile,
// --city, --plate, and no --new-car) wins over those prefilled values in
// 105; a prefilled value the user did not give stands.
//
// Resumed with --session (the first run stopped at the vehicle form), the
// session's flags still win over the saved form's prefilled values.
func TestSunshineFlagsWinOverPrefilledValues(t *testing.T) {
	for _, resume := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{})
		p := withPrefillProxy(t, e, func(tags []sunshine.Tag) []sunshine.Tag {
			var out []sunshine.Tag
			for _, tg := range tags {
				switch tg.Key() {
				case "ownerName":
					tg = text("ownerName", "儿童") // as in the manual: not read-only
				case "licenseNo":
					tg = text("licenseNo", "粤A12345") // editable here
				case "vehicleModelName":
					tg = text("vehicleModelName", "北京现代伊兰特")
				}
				out = append(out, tg)
			}
			return append(out, text("ownerMobile", "13800138000"), text("cityCode", "08512200"),
				sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: "radio"}, {Name: "key", Value: "noLicenseFlag"},
					{Name: "label", Value: "新车"}, {Name: "value", Value: "1"}, {Name: "data", Value: "是:1;否:0"}}})
		})
		args := append(append([]string{}, newArgs...), vehicleSets...)
		if resume {
			// A malformed answer stops before 105, the form saved.
			err := runSunshineQuote(e, append(args, "--set", "firstRegisterDate=2020/05/06")...)
			list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), "staging", 0)
			if cmdutil.ExitCode(err) != 2 || len(list) != 1 {
				t.Fatalf("setup: exit %d: %v (sessions %+v)", cmdutil.ExitCode(err), err, list)
			}
			args = append([]string{"--session", list[0].ID}, vehicleSets...)
		}
		err := runSunshineQuote(e, args...)
		got := p.sent("105")
		want := map[string]string{"ownerName": "张三", "ownerMobile": "13800000000", "cityCode": "07518800", "licenseNo": "冀A00021",
			"noLicenseFlag": "0", "vehicleModelName": "北京现代伊兰特"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("resume %v: 105 sent %s=%q, want %q", resume, k, got[k], v)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
