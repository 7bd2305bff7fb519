package e2e

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// hostileProxy stands between insure and `insure sandbox serve`. Every
// request passes through, except the act it is told to spoil: that one is
// spoiled the way mode says, once per run, while the sandbox either acts
// on it first (5xx, trickle, huge, reset, hold, empty: the act took effect
// and only its answer went wrong) or never sees it (redirect).
type hostileProxy struct {
	t      *testing.T
	target string
	isAct  func(path string, body []byte) bool
	mode   atomic.Value // string: "", "5xx", "trickle", "huge", "reset", "hold", "redirect:3xx", "empty:2xx"
	acts   atomic.Int64 // act requests the sandbox received
	spoilt chan struct{}
	// other is the host a redirect points at; it records what reached it.
	other     *httptest.Server
	mu        sync.Mutex
	otherSeen []string // each request's method, URL, headers and body
}

func newHostileProxy(t *testing.T, target string, isAct func(string, []byte) bool) (*hostileProxy, string) {
	p := &hostileProxy{t: t, target: target, isAct: isAct, spoilt: make(chan struct{}, 16)}
	p.mode.Store("")
	p.other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var h bytes.Buffer
		_ = r.Header.Write(&h)
		p.mu.Lock()
		p.otherSeen = append(p.otherSeen, r.Method+" "+r.URL.String()+"\n"+h.String()+"\n"+string(b))
		p.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(p.other.Close)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func (p *hostileProxy) set(mode string) { p.mode.Store(mode) }

// seenByOther is everything the redirect's target received.
func (p *hostileProxy) seenByOther() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.otherSeen...)
}

func (p *hostileProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mode, _ := p.mode.Load().(string)
	act := p.isAct(r.URL.Path, body)
	if act && strings.HasPrefix(mode, "redirect:") {
		w.Header().Set("Location", p.other.URL+r.URL.RequestURI())
		w.WriteHeader(map[string]int{"redirect:301": 301, "redirect:302": 302, "redirect:307": 307, "redirect:308": 308}[mode])
		return
	}
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if act {
		p.acts.Add(1)
	}
	if !act || mode == "" {
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer)
		return
	}
	select {
	case p.spoilt <- struct{}{}:
	default:
	}
	switch mode {
	case "5xx":
		http.Error(w, "upstream answer lost", http.StatusBadGateway)
	case "trickle": // headers, then a body that never ends
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusOK)
		for i := 0; ; i++ {
			if _, err := w.Write(answer[i%len(answer) : i%len(answer)+1]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	case "huge": // a body without a length that goes on past any limit
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusOK)
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		_, _ = w.Write(answer[:1])
		for i := 0; i < 1024; i++ { // 64 MiB at most
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case "reset": // the request was read and acted on; the connection is reset
		c, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			p.t.Error(err)
			return
		}
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		c.Close()
	case "hold": // acted on; the answer never comes
		<-r.Context().Done()
	case "empty:200", "empty:204": // acted on; a gateway dropped the answer's body
		w.WriteHeader(map[string]int{"empty:200": 200, "empty:204": 204}[mode])
	default:
		p.t.Errorf("unknown mode %q", mode)
	}
}
