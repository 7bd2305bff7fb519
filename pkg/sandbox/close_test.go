package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/providers/builtin"
)

// start runs a sandbox with faults on a free port; arrived receives each
// request's path as it comes in.
func start(t *testing.T, spec string) (srv *sandbox.Server, arrived chan string) {
	t.Helper()
	faults, err := sandbox.ParseFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	arrived = make(chan string, 16)
	srv, err = sandbox.New(sandbox.Options{Registry: builtin.Registry(), StateDir: t.TempDir(), Faults: faults,
		Observe: func(r *http.Request) { arrived <- r.URL.Path }})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return srv, arrived
}

// settled waits for the number of goroutines to come back to at most n.
func settled(n int) int {
	deadline := time.Now().Add(3 * time.Second)
	for {
		got := runtime.NumGoroutine()
		if got <= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A request held by a delay or act-after fault does not hold up a
// stopping server: its connection is closed unanswered, the late act is
// never made, and nothing is left running. Close used to wait the whole
// delay (serve's 10 s grace, then "context deadline exceeded" and exit
// 143 on SIGTERM), and act-after's sleeping goroutine outlived it.
func TestCloseDoesNotWaitOutDelayOrLateActFaults(t *testing.T) {
	for _, c := range []struct{ spec, method, path string }{
		{"paoding=delay:1m", http.MethodGet, "/paoding/4s/brand/list"},
		{"bihu=act-after:1m", http.MethodPost, "/bihu/unite/login"},
	} {
		t.Run(c.spec, func(t *testing.T) {
			before := runtime.NumGoroutine()
			srv, arrived := start(t, c.spec)
			answered := make(chan error, 1)
			go func() {
				req, _ := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader("{}"))
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					resp.Body.Close()
					err = fmt.Errorf("answered %s", resp.Status)
				}
				answered <- err
			}()
			<-arrived
			time.Sleep(50 * time.Millisecond) // into the fault's wait
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			began := time.Now()
			if err := srv.Close(ctx); err != nil {
				t.Fatalf("Close: %v after %v", err, time.Since(began))
			}
			if took := time.Since(began); took > time.Second {
				t.Errorf("Close took %v", took)
			}
			select {
			case err := <-answered:
				if err == nil || strings.Contains(err.Error(), "answered") {
					t.Errorf("the client got %v, want its connection closed", err)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("the client still waits after Close")
			}
			http.DefaultClient.CloseIdleConnections()
			if n := settled(before); n > before {
				buf := make([]byte, 1<<16)
				t.Errorf("%d goroutines left running after Close (%d before):\n%s", n-before, before, buf[:runtime.Stack(buf, true)])
			}
		})
	}
}

// A request that does not finish within Close's context (here a client
// sending its body slowly) has its connection closed, and Close says so
// with a *StopError rather than a bare "context deadline exceeded".
func TestCloseCutsOffWhatOutlastsItsContext(t *testing.T) {
	srv, arrived := start(t, "")
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /ebao/pa_web/api/policies/quotations?version=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	<-arrived
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = srv.Close(ctx)
	var se *sandbox.StopError
	if !errors.As(err, &se) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close: %v, want a *StopError", err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil || errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		t.Errorf("the connection is still open: %v", err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Listening on every address, the URL is loopback's, which a script can
// hand to curl or INSURE_SANDBOX_URL; it was http://[::]:PORT or
// http://0.0.0.0:PORT.
func TestListenOnEveryAddressGivesALoopbackURL(t *testing.T) {
	for addr, want := range map[string]string{
		":0":        "http://127.0.0.1:",
		"0.0.0.0:0": "http://127.0.0.1:",
		"[::]:0":    "http://[::1]:",
	} {
		srv, err := sandbox.New(sandbox.Options{Registry: builtin.Registry()})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Listen(addr); err != nil {
			t.Logf("%s: %v (no such stack here)", addr, err)
			continue
		}
		if !strings.HasPrefix(srv.URL, want) || !sandbox.Answers(t.Context(), srv.URL) {
			t.Errorf("--addr %s: URL %s, want %s… that answers", addr, srv.URL, want)
		}
		_ = srv.Close(t.Context())
	}
}

// A server names the state it serves on its root page, so reset can tell
// it from a server of another --state-dir on the same address.
func TestServerNamesItsState(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ dir, want string }{{dir, sandbox.AbsDir(dir)}, {"", "memory"}} {
		srv, err := sandbox.New(sandbox.Options{Registry: builtin.Registry(), StateDir: c.dir})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Listen("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		answers, state := sandbox.ServedState(t.Context(), srv.URL)
		_ = srv.Close(t.Context())
		if !answers || state != c.want {
			t.Errorf("state dir %q: answers %v, names %q, want %q", c.dir, answers, state, c.want)
		}
	}
}
