package sandbox

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/builtin"
)

// shortTimeouts runs a sandbox with the server's timeouts at a second
// each, and the faults in spec.
func shortTimeouts(t *testing.T, spec string) (srv *Server, addr string) {
	t.Helper()
	faults, err := ParseFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	old := [3]time.Duration{headerTimeout, readTimeout, idleTimeout}
	headerTimeout, readTimeout, idleTimeout = time.Second, time.Second, time.Second
	t.Cleanup(func() { headerTimeout, readTimeout, idleTimeout = old[0], old[1], old[2] })
	srv, err = New(Options{Registry: builtin.Registry(), Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	return srv, strings.TrimPrefix(srv.URL, "http://")
}

// closedWithin reads conn until it is closed, failing after d; it returns
// what the server sent.
func closedWithin(t *testing.T, conn net.Conn, d time.Duration, what string) string {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("%s: the connection was still open after %s (got %.80q)", what, d, b)
	}
	return string(b)
}

// A body that stalls half-way is answered 408 and its connection closed,
// and the server goes on serving others meanwhile.
func TestStalledBodyTimesOut(t *testing.T) {
	srv, addr := shortTimeouts(t, "")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /paoding/4s/token/generate HTTP/1.1\r\nHost: sandbox\r\nApi-4s-Version: 1.0\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nuserName=sand")
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatalf("another client while a body stalls: %v", err)
	}
	resp.Body.Close()
	got := closedWithin(t, conn, 5*time.Second, "stalled body")
	if !strings.HasPrefix(got, "HTTP/1.1 408") {
		t.Errorf("stalled body answered %.80q, want 408", got)
	}
}

// Headers sent a byte a second, and a kept-alive connection left idle, are
// closed by the server.
func TestSlowHeadersAndIdleConnectionsAreClosed(t *testing.T) {
	_, addr := shortTimeouts(t, "")
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	go func() {
		for _, b := range []byte("GET / HTTP/1.1\r\nHost: sandbox\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa") {
			if _, err := slow.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
	}()
	closedWithin(t, slow, 5*time.Second, "slow headers")

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprint(idle, "GET / HTTP/1.1\r\nHost: sandbox\r\n\r\n")
	r := bufio.NewReader(idle)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Close {
		t.Fatal("the first answer already closed the connection: nothing to keep alive")
	}
	_ = idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("idle kept-alive connection: %v, want it closed (EOF)", err)
	}
}
