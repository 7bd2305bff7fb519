package httpx_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// answering serves every connection the bytes of answer, written as they
// are after the request has been read, then closes it.
func answering(t *testing.T, answer []byte) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
				_, _ = c.Read(make([]byte, 64<<10))
				_, _ = c.Write(answer)
			}()
		}
	}()
	return "http://" + l.Addr().String()
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.Bytes()
}

// A body in an encoding nobody asked for (deflate, br, x-gzip, gzip twice,
// a server's own name) is refused as unreadable: exit 6, the outcome
// unknown for an act, in the journal too. It used to reach the provider's
// client as compressed bytes, to fail as "not JSON" with no word of why.
// gzip, which net/http asks for and decodes, and identity are read.
func TestUnaskedContentEncodingIsRefused(t *testing.T) {
	const js = `{"a":1}`
	for _, enc := range []string{"deflate", "br", "x-gzip", "gzip, gzip", "x-weird"} {
		u := answering(t, []byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: 5\r\n\r\n\x1f\x8b\x08\x00\x00", enc)))
		for name, c := range map[string]*http.Client{
			"httpx": httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}),
			"plain": {Timeout: 2 * time.Second},
		} {
			_, err := httpx.Send(context.Background(), c, req(u))
			fe := failureOf(t, err, failure.Verification)
			if fe.Unknown || !strings.Contains(fe.Message, fmt.Sprintf("Content-Encoding %q", enc)) || !strings.Contains(fe.Hint, "compresses answers unasked") {
				t.Errorf("%s, %s: %v (unknown %v, hint %q)", enc, name, fe, fe.Unknown, fe.Hint)
			}
		}
		j := &journal{}
		_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second, Journal: j}), actOn(u))
		if fe := failureOf(t, err, failure.Verification); !fe.Unknown || !strings.HasPrefix(fe.Hint, "look the order up") {
			t.Errorf("%s, act: %v (unknown %v, hint %q)", enc, fe, fe.Unknown, fe.Hint)
		}
		if len(j.entries) != 1 || j.entries[0].Verdict == nil || j.entries[0].Verdict.ExitClass != 6 || !j.entries[0].Verdict.Unknown {
			t.Errorf("%s: journal %+v", enc, j.entries)
		}
	}

	gz := gzipped(t, []byte(js))
	for _, answer := range []string{
		fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s", len(gz), gz),
		"HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\nContent-Length: 7\r\n\r\n" + js,
		// Only a 2xx body is a result: a 502 is still a 502.
		"HTTP/1.1 502 Bad Gateway\r\nContent-Encoding: br\r\nContent-Length: 7\r\n\r\n" + js,
	} {
		resp, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}), req(answering(t, []byte(answer))))
		if err != nil || (resp.Status == 200 && string(resp.Body) != js) {
			t.Errorf("%.40q: %v, %+v", answer, err, resp)
		}
	}
}

// A gzip answer that inflates far beyond the limit (200 MiB from 200 KiB)
// stops at the limit, and one corrupt half way is a failed exchange (for
// an act, an unknown outcome).
func TestGzipBombAndCorruptGzip(t *testing.T) {
	bomb := gzipped(t, bytes.Repeat([]byte("a"), 200<<20))
	u := answering(t, []byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s", len(bomb), bomb)))
	start := time.Now()
	_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 5 * time.Second}), actOn(u))
	if fe := failureOf(t, err, failure.Verification); !fe.Unknown || !strings.Contains(fe.Message, "answer larger than 1048576 bytes") {
		t.Errorf("bomb: %v (unknown %v)", fe, fe.Unknown)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("bomb took %s", d)
	}

	corrupt := gzipped(t, []byte(`{"code":"10000","data":"`+strings.Repeat("xy", 4000)+`"}`))
	for i := len(corrupt) / 2; i < len(corrupt)/2+8; i++ {
		corrupt[i] ^= 0xff
	}
	u = answering(t, []byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s", len(corrupt), corrupt)))
	_, err = httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}), actOn(u))
	if fe := failureOf(t, err, failure.Network); !fe.Unknown {
		t.Errorf("corrupt gzip: %v (unknown %v)", fe, fe.Unknown)
	}
}

// A header block beyond httpx.MaxHeaderBytes (5 MiB of padding, or an
// endless stream of 103 Early Hints) ends the exchange: net/http's own
// bound is 10 MiB, all of which went to -v and the journal.
func TestHugeHeaderBlockIsRefused(t *testing.T) {
	pad := strings.Repeat("X-Pad: "+strings.Repeat("p", 1000)+"\r\n", 5000)
	hints := strings.Repeat("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", 40000)
	for name, answer := range map[string]string{
		"padding":     "HTTP/1.1 200 OK\r\n" + pad + "Content-Length: 7\r\n\r\n{\"a\":1}",
		"early hints": hints + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
	} {
		var log bytes.Buffer
		j := &journal{}
		_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 5 * time.Second, Verbose: &log, Journal: j}), actOn(answering(t, []byte(answer))))
		fe := failureOf(t, err, failure.Network)
		if !fe.Unknown || !strings.Contains(fe.Message, fmt.Sprintf("exceeded %d bytes", httpx.MaxHeaderBytes)) {
			t.Errorf("%s: %v (unknown %v)", name, fe, fe.Unknown)
		}
		if log.Len() > 16<<10 || len(j.entries) != 1 || len(j.entries[0].Response) > 0 {
			t.Errorf("%s: wire log %d bytes, journal %+v", name, log.Len(), len(j.entries))
		}
	}
	// A few 1xx before the answer are fine.
	resp, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}),
		req(answering(t, []byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"))))
	if err != nil || string(resp.Body) != "{}" {
		t.Errorf("1xx then 200: %v %+v", err, resp)
	}
}

// A 304 to a POST (or any 3xx without a Location) is not called a
// redirect "to (no Location)"; a 101 nobody asked for is no answer. For an
// act both leave the outcome unknown.
func TestAnswersWithoutATargetOrABody(t *testing.T) {
	for name, tc := range map[string]struct {
		answer string
		kind   failure.Kind
		want   string
	}{
		"304": {"HTTP/1.1 304 Not Modified\r\n\r\n", failure.Network, "HTTP 304 Not Modified: an answer without a body or a target"},
		"300": {"HTTP/1.1 300 Multiple Choices\r\nContent-Length: 0\r\n\r\n", failure.Network, "HTTP 300 Multiple Choices: an answer without a body or a target"},
		"101": {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n", failure.Verification, "HTTP 101 Switching Protocols"},
	} {
		_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}), actOn(answering(t, []byte(tc.answer))))
		fe := failureOf(t, err, tc.kind)
		if !fe.Unknown || !strings.Contains(fe.Message, tc.want) || strings.Contains(fe.Message, "redirected") || !strings.HasPrefix(fe.Hint, "look the order up") {
			t.Errorf("%s: %v (unknown %v, hint %q)", name, fe, fe.Unknown, fe.Hint)
		}
	}
}

// A redirect names its whole target, a relative Location resolved against
// the request; one from https to http is not recommended as the endpoint
// to use, since it would carry the credentials unencrypted.
func TestRedirectTargetIsWholeAndADowngradeIsNotRecommended(t *testing.T) {
	u := answering(t, []byte("HTTP/1.1 307 Temporary Redirect\r\nLocation: /v2/report/get?sign=0123456789\r\nContent-Length: 0\r\n\r\n"))
	_, err := httpx.Send(context.Background(), httpx.NewClient(httpx.Options{Timeout: 2 * time.Second}), req(u+"/4s/report/get"))
	if fe := failureOf(t, err, failure.Network); !strings.Contains(fe.Message, "redirected to "+u+"/v2/report/get,") || strings.Contains(fe.Message, "0123456789") {
		t.Errorf("relative: %v", fe)
	}

	for _, tc := range []struct{ from, to, want, not string }{
		{"https://api.example.com/4s", "http://api.example.com:8080/4s", "which would send credentials unencrypted: do not use that address", "if you trust it"},
		{"https://api.example.com/4s", "https://api2.example.com/4s", "use the address the redirect names if you trust it", "unencrypted"},
	} {
		r := actOn(tc.from)
		fe := r.StatusError(&httpx.Response{Status: http.StatusFound, Header: http.Header{"Location": {tc.to}}})
		if !fe.Unknown || !strings.Contains(fe.Hint, tc.want) || strings.Contains(fe.Hint, tc.not) || !strings.Contains(fe.Message, tc.to) {
			t.Errorf("%s -> %s: %v (hint %q)", tc.from, tc.to, fe, fe.Hint)
		}
	}
}
