package issue

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/store"
)

// spoilingProxy stands before the sandbox: the platform acts on every
// request, and the answer to a request holding spoil comes back spoilt
// (kind: "badsig", a changed signature; "html", a gateway's page; "502",
// a gateway error). It records every request body by transaction.
type spoilingProxy struct {
	target string
	spoil  atomic.Value // string: the marker
	kind   atomic.Value // string
	mu     sync.Mutex
	bodies map[string][][]byte
}

func (p *spoilingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if i := bytes.Index(body, []byte("<RequestType>")); i >= 0 {
		p.mu.Lock()
		txn := string(body[i+13 : i+16])
		p.bodies[txn] = append(p.bodies[txn], body)
		p.mu.Unlock()
	}
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	marker, _ := p.spoil.Load().(string)
	if marker != "" && bytes.Contains(body, []byte(marker)) {
		switch p.kind.Load().(string) {
		case "badsig":
			i := bytes.Index(answer, []byte("<Sign>")) + len("<Sign>") + 5
			answer = append([]byte{}, answer...)
			answer[i] ^= 1
		case "html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body><h1>Service Unavailable</h1></body></html>"))
			return
		case "502":
			http.Error(w, "Bad Gateway", http.StatusBadGateway)
			return
		}
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

func (p *spoilingProxy) sent(txn string) [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.bodies[txn]
}

// An underwriting (120) answer that cannot be trusted (its signature does
// not verify, or it is a gateway's HTML page) may hide a proposal the
// platform made: exit 6 with the outcome unknown, the journal row unknown
// (so find offers the settling command), and the hint one whole command
// with this run's payment flags. Following it literally resends the same
// 120, and issues once.
func TestSunshineUntrustedUnderwritingIsUnknownAndTheHintSettlesIt(t *testing.T) {
	for _, kind := range []string{"badsig", "html"} {
		t.Run(kind, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			proxy := &spoilingProxy{target: e.SandboxBase(t, "sunshine"), bodies: map[string][][]byte{}}
			srv := httptest.NewServer(proxy)
			t.Cleanup(srv.Close)
			e.UseProfileAt(t, "sunshine", srv.URL)
			session := quoteSunshine(t, e)

			e.Reset()
			e.F.Globals.Yes = true
			proxy.kind.Store(kind)
			proxy.spoil.Store("<RequestType>120</RequestType>")
			cmd := NewCmdIssue(e.F, nil)
			cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml",
				"--check-pay-no", "B5000M386466139260786", "--pay-no", "2026030200001000910000069408"})
			err := cmdutil.RewriteHints(e.F, cmd.Execute())
			j := string(cmdutil.ErrorJSON(err))
			want := "`insure -p staging issue --provider sunshine --session " + session +
				" --pay-no 2026030200001000910000069408 --check-pay-no B5000M386466139260786 --yes`"
			if cmdutil.ExitCode(err) != 6 || !strings.Contains(j, `"outcome_unknown":true`) || !strings.Contains(j, want) {
				t.Fatalf("exit %d: %s\nwant the hint to hold %s", cmdutil.ExitCode(err), j, want)
			}
			e.Reset()
			if err := execute(e, find.NewCmdFind(e.F, nil), session); err != nil {
				t.Fatal(err)
			}
			var story find.Story
			if err := json.Unmarshal(e.Out.Bytes(), &story); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(story.State, "underwritten (sunshine txn.120): unknown") || story.Settle == "" {
				t.Fatalf("find before settling: state %q, settle %q", story.State, story.Settle)
			}

			// The command of the hint, literally, with the answer path repaired.
			proxy.spoil.Store("")
			args := strings.Fields(regexp.MustCompile("`insure -p staging issue ([^`]*) --yes`").FindStringSubmatch(j)[1])
			e.Reset()
			e.F.Globals.Yes = true // --yes is the root command's
			cmd = NewCmdIssue(e.F, nil)
			cmd.SetArgs(args)
			if err := cmd.Execute(); err != nil {
				t.Fatalf("issue %v: %v", args, err)
			}
			if u := proxy.sent("120"); len(u) != 2 || !bytes.Equal(u[0], u[1]) {
				t.Fatalf("120 sent %d times, the same bytes: %v", len(u), len(u) == 2 && bytes.Equal(u[0], u[1]))
			}
			if n := len(proxy.sent("130")); n != 1 {
				t.Fatalf("130 sent %d times", n)
			}
			unknown, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Limit: -1})
			if err != nil || len(unknown) != 0 {
				t.Fatalf("still listed as unknown: %+v %v", unknown, err)
			}
		})
	}
}

// After a lost 120, `issue --session ID --yes` with none of the first
// run's flags (what find offers) still settles it: the same 120 goes
// again, then 125, and only 130's missing --pay-no stops it (exit 2),
// naming the command that finishes the purchase.
func TestSunshineLostUnderwritingIsSettledBeforePaymentFlagsAreAsked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	proxy := &spoilingProxy{target: e.SandboxBase(t, "sunshine"), bodies: map[string][][]byte{}}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	e.UseProfileAt(t, "sunshine", srv.URL)
	session := quoteSunshine(t, e)

	e.Reset()
	e.F.Globals.Yes = true
	proxy.kind.Store("502")
	proxy.spoil.Store("<RequestType>120</RequestType>")
	cmd := NewCmdIssue(e.F, nil)
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session, "-f", examples + "answers-issue.yaml",
		"--check-pay-no", "B5000M386466139260786", "--pay-no", "2026030200001000910000069408"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 5 {
		t.Fatalf("lost 120: %v", err)
	}
	proxy.spoil.Store("")
	e.Reset()
	cmd = NewCmdIssue(e.F, nil)
	e.F.Globals.Yes = true // --yes: the root command's
	cmd.SetArgs([]string{"--provider", "sunshine", "--session", session})
	err := cmdutil.RewriteHints(e.F, cmd.Execute())
	j := string(cmdutil.ErrorJSON(err))
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(j, "--pay-no") || strings.Contains(j, "nothing was sent") ||
		!strings.Contains(j, "`insure -p staging issue --provider sunshine --session "+session+" --pay-no NO --yes`") {
		t.Fatalf("settling run: exit %d: %s", cmdutil.ExitCode(err), j)
	}
	u := proxy.sent("120")
	if len(u) != 4 || !bytes.Equal(u[0], u[3]) || len(proxy.sent("125")) != 1 || len(proxy.sent("130")) != 0 {
		t.Fatalf("sent 120 ×%d (same bytes: %v), 125 ×%d, 130 ×%d", len(u), len(u) == 4 && bytes.Equal(u[0], u[3]),
			len(proxy.sent("125")), len(proxy.sent("130")))
	}
	unknown, err := e.Store.History(t.Context(), store.JournalFilter{Status: store.OutcomeUnknown, Limit: -1})
	if err != nil || len(unknown) != 0 {
		t.Fatalf("still listed as unknown: %+v %v", unknown, err)
	}
}
