package httpx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/text/encoding/simplifiedchinese"
)

type memJournal struct {
	mu      sync.Mutex
	entries []Entry
}

func (m *memJournal) Record(_ context.Context, e Entry) {
	m.mu.Lock()
	m.entries = append(m.entries, e)
	m.mu.Unlock()
}

func TestVerboseLogAndJournalMaskSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"code":"10000","data":{"token":"TOKEN-abcdef123456","refreshToken":"REFRESH-987654"}}`)
	}))
	defer srv.Close()
	var log bytes.Buffer
	j := &memJournal{}
	c := NewClient(Options{Verbose: &log, Journal: j, Profile: "p"})
	ctx := WithCall(context.Background(), Call{Provider: "paoding", Operation: "token.generate", Secrets: []string{"hunter2-password"}})
	body := strings.NewReader("userName=acme&sign=0123456789abcdef0123456789abcdef&note=hunter2-password")
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/4s/token/generate?secretKey=KEY-SECRET-1", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization-Token", "HEADER-TOKEN-42")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(got), "TOKEN-abcdef123456") {
		t.Fatal("the caller must still get the real body")
	}
	secrets := []string{"TOKEN-abcdef123456", "REFRESH-987654", "hunter2-password", "0123456789abcdef0123456789abcdef", "KEY-SECRET-1", "HEADER-TOKEN-42"}
	if len(j.entries) != 1 {
		t.Fatalf("journal entries: %d", len(j.entries))
	}
	e := j.entries[0]
	for _, s := range secrets {
		for name, text := range map[string]string{"log": log.String(), "request": e.Request, "response": e.Response, "url": e.URL} {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %q", name, s)
			}
		}
	}
	if !strings.Contains(log.String(), "userName=acme") || e.Operation != "token.generate" || e.Status != 200 {
		t.Errorf("log lost its useful parts: %s / %+v", log.String(), e)
	}
}

func TestDryRunRendersAndSendsNothing(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	var out bytes.Buffer
	for _, curl := range []bool{false, true} {
		out.Reset()
		c := NewClient(Options{DryRun: !curl, Curl: curl, Out: &out})
		ctx := WithCall(context.Background(), Call{Secrets: []string{"pw-secret-1"}})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/x", strings.NewReader(`{"password":"pw-secret-1","a":1}`))
		req.Header.Set("Content-Type", "application/json")
		_, err := c.Do(req)
		if !errors.Is(err, ErrDryRun) {
			t.Fatalf("err %v", err)
		}
		if strings.Contains(out.String(), "pw-secret-1") || !strings.Contains(out.String(), `"a":1`) {
			t.Fatalf("rendered: %q", out.String())
		}
		if curl && !strings.HasPrefix(out.String(), "curl ") {
			t.Fatalf("not a curl command: %q", out.String())
		}
	}
	if hits != 0 {
		t.Fatalf("dry run sent %d requests", hits)
	}
}

func TestGBKBodiesAreShownAsText(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="GBK"?><a>张三</a>`))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml;charset=GBK")
		w.Write(gbk)
	}))
	defer srv.Close()
	var log bytes.Buffer
	c := NewClient(Options{Verbose: &log})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(gbk))
	req.Header.Set("Content-Type", "text/xml;charset=GBK")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(raw, gbk) {
		t.Fatal("the body handed back must stay GBK")
	}
	if strings.Count(log.String(), "张三") != 2 {
		t.Fatalf("log: %s", log.String())
	}
}

// A request cut short, before or during the answer, still has its journal
// row with the error that ended it: that row is how a user finds out what
// an interrupted purchase or issuance was.
func TestCutShortRequestIsJournalled(t *testing.T) {
	for _, stage := range []string{"cancelled before the answer", "dropped during the body"} {
		t.Run(stage, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// Reading the body lets the server notice the client hang up.
				_, _ = io.ReadAll(r.Body)
				if stage == "dropped during the body" {
					conn, buf, _ := w.(http.Hijacker).Hijack()
					_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"policy")
					_ = buf.Flush()
					conn.Close()
					return
				}
				cancel()
				select {
				case <-r.Context().Done():
				case <-time.After(time.Minute):
				}
			}))
			defer srv.Close()
			j := &memJournal{}
			c := NewClient(Options{Journal: j, Profile: "p"})
			req, _ := http.NewRequestWithContext(WithCall(ctx, Call{Provider: "ebao", Operation: "issuance", Keys: map[string]string{"quotationNumber": "Q1"}}),
				http.MethodPost, srv.URL+"/issuances", strings.NewReader(`{}`))
			resp, err := c.Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatal("the request succeeded")
			}
			if stage == "cancelled before the answer" && !errors.Is(err, context.Canceled) {
				t.Errorf("error %v is not a cancellation", err)
			}
			j.mu.Lock()
			defer j.mu.Unlock()
			if len(j.entries) != 1 || j.entries[0].Error == "" || j.entries[0].Keys["quotationNumber"] != "Q1" {
				t.Fatalf("journal: %+v", j.entries)
			}
		})
	}
}

// The provider's Judge decides a row's verdict: a refusal inside a 200 is
// recorded with its exit class, code and message (secrets masked); a
// result, or a Judge that panics on the answer, leaves the exchange's.
func TestJournalRecordsTheProvidersVerdict(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"code":"30010","remark":"refused for SECRET-1"}`)
	}))
	defer srv.Close()
	refused := func(r *Response) error {
		if r.Status != 200 || !strings.Contains(string(r.Body), "30010") {
			t.Errorf("judged %d %s", r.Status, r.Body)
		}
		return &failure.Error{Kind: failure.Refused, Code: "30010", Message: "refused for SECRET-1", Unknown: false}
	}
	for name, c := range map[string]struct {
		judge func(*Response) error
		want  *Verdict
	}{
		"refusal": {refused, &Verdict{ExitClass: 4, Code: "30010", Message: "refused for ****"}},
		"unknown": {func(*Response) error {
			return &failure.Error{Kind: failure.Verification, Unknown: true, Message: "unreadable"}
		}, &Verdict{ExitClass: 6, Message: "unreadable", Unknown: true}},
		"result":   {func(*Response) error { return nil }, nil},
		"panics":   {func(*Response) error { panic("hostile answer") }, nil},
		"no judge": {nil, nil},
	} {
		t.Run(name, func(t *testing.T) {
			j := &memJournal{}
			cl := NewClient(Options{Journal: j, Profile: "p"})
			resp, err := Send(context.Background(), cl, Request{Provider: "paoding", Operation: "report.buy", Method: http.MethodGet, URL: srv.URL,
				Secrets: []string{"SECRET-1"}, Judge: c.judge})
			if err != nil || resp.Status != 200 {
				t.Fatalf("%v %+v", err, resp)
			}
			if len(j.entries) != 1 {
				t.Fatalf("%d rows", len(j.entries))
			}
			got := j.entries[0].Verdict
			if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
				t.Errorf("verdict %+v, want %+v", got, c.want)
			}
		})
	}
}
