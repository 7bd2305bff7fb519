package issue

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// lossyProxy stands before the sandbox: while lose is set, the provider
// acts on every request but its answer is replaced by a 502 (the answer
// was lost on the way back).
type lossyProxy struct {
	target string
	lose   atomic.Bool
}

func (p *lossyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), r.Body)
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if p.lose.Load() {
		http.Error(w, "Bad Gateway", http.StatusBadGateway)
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

// viaLossyProxy points a profile "staging" with the sandbox's eBao
// settings at a lossyProxy and makes it the profile in use.
func viaLossyProxy(t *testing.T, e *cmdtest.Env) *lossyProxy {
	t.Helper()
	sb, err := cmdtest.New(t, cmdtest.Options{}).F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	endpoint, err := url.Parse(e.Sandbox.Endpoint("ebao"))
	if err != nil {
		t.Fatal(err)
	}
	proxy := &lossyProxy{target: endpoint.Scheme + "://" + endpoint.Host}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	section := config.Section{}
	for _, k := range sb.Keys("ebao") {
		section[k] = sb.Value("ebao", k)
	}
	section["endpoint"] = srv.URL + endpoint.RequestURI()
	if e.Config.File.Profiles == nil {
		e.Config.File.Profiles = map[string]map[string]config.Section{}
	}
	e.Config.File.Profiles["staging"] = map[string]config.Section{"ebao": section}
	e.F.Globals.Profile = "staging"
	return proxy
}

// An issuance whose answer was lost (exit 5), then the same issue again:
// eBao refuses it naming the policy (still exit 4), and that settles the
// first one. The journal says so: the policy number is a key of the
// re-run's row, find tells the policy's story as issued (settled by the
// re-run), not failed, and history --status unknown no longer lists it.
func TestRerunRefusalSettlesALostIssuance(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := viaLossyProxy(t, e)
	q := quoteNumber(t, e)
	e.F.Globals.Yes = true
	proxy.lose.Store(true)
	if err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("lost answer: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	proxy.lose.Store(false)
	e.Reset()
	err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", q)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "this settles the earlier issuance of quotation "+q) {
		t.Fatalf("re-run: exit %d: %v (hint %q)", cmdutil.ExitCode(err), err, fe.Hint)
	}
	policy := regexp.MustCompile(`P\d{16}`).FindString(fe.Message)
	if policy == "" {
		t.Fatalf("no policy named: %v", err)
	}

	e.Reset()
	if err := execute(e, find.NewCmdFind(e.F, nil), policy); err != nil {
		t.Fatalf("find %s: %v", policy, err)
	}
	var story find.Story
	if err := json.Unmarshal(e.Out.Bytes(), &story); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(story.State, "policy "+policy) || !strings.Contains(story.State, "issued (settled by the re-run)") ||
		strings.Contains(story.State, "failed") || strings.Contains(story.State, "unknown") {
		t.Fatalf("state: %q", story.State)
	}
	issuances := 0
	for _, s := range story.Steps {
		if s.Step == "issued" {
			issuances++
			if s.Outcome != store.OutcomeOK || s.Settled == nil || s.Settled.By != "re-run" || s.Keys["policyNumber"] != policy {
				t.Errorf("step %+v", s)
			}
		}
	}
	if issuances != 2 {
		t.Fatalf("want the lost issuance and the re-run in the story: %+v", story.Steps)
	}
	unknown, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Limit: -1})
	if err != nil || len(unknown) != 0 {
		t.Fatalf("still listed as unknown: %+v %v", unknown, err)
	}
}
