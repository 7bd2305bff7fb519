package sandbox_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/builtin"
)

// postHuge sends a body that claims 100 MB (or is chunked without end)
// and writes at most 8 MiB of it, then reads the answer: a server that
// read the whole body, or even 10 MiB of it, never answers.
func postHuge(t *testing.T, addr, path, contentType string, chunked bool) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	length := "Content-Length: 100000000"
	if chunked {
		length = "Transfer-Encoding: chunked"
	}
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: sandbox\r\nContent-Type: %s\r\nApi-4s-Version: 1.0\r\n%s\r\n\r\n", path, contentType, length)
	go func() {
		chunk := []byte(strings.Repeat("a", 64<<10))
		for sent := 0; sent < 8<<20; sent += len(chunk) {
			var err error
			if chunked {
				_, err = fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk)
			} else {
				_, err = conn.Write(chunk)
			}
			if err != nil {
				return // the server closed the connection: what it should do
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: no answer to an oversized body: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// A body far over any document's size is refused with 413, in the
// provider's own answer shape, after at most MaxBody of it was read.
func TestOversizedBodiesAreRefusedEarly(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Registry: builtin.Registry()})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	addr := strings.TrimPrefix(srv.URL, "http://")
	cases := []struct{ path, contentType, shape string }{
		{"/ebao/pa_web/api/policies/quotations?version=1", "application/json", `"status":413`},
		{"/bihu/unite/login", "application/json", `"code":413`},
		{"/bihu/unite/unitecheckrenewal", "application/json", `"code":413`},
		{"/paoding/4s/token/generate", "application/x-www-form-urlencoded", `"code": "10010"`},
		{"/paoding/4s/report/buy", "application/x-www-form-urlencoded", `"code": "10010"`},
		{"/sunshine/InterFaceServlet", "text/xml; charset=GBK", "<PackageList"},
		{"/sunshine/Partner/netVehicleModel.action", "application/x-www-form-urlencoded", "too large"},
	}
	for _, c := range cases {
		for _, chunked := range []bool{false, true} {
			resp, body := postHuge(t, addr, c.path, c.contentType, chunked)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, c.shape) {
				t.Errorf("%s (chunked %v): %s %.200q, want 413 with %s", c.path, chunked, resp.Status, body, c.shape)
			}
		}
	}
}

// boomRegistry has one fake, "boom": /panic writes a row and panics in
// the middle of its transaction, /rows counts the rows.
func boomRegistry() *registry.Registry {
	return registry.New(registry.Provider{Name: "boom", Sandbox: &registry.Sandbox{
		New: func(env registry.SandboxEnv) registry.SandboxServer {
			mux := http.NewServeMux()
			mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
				_ = env.State.Tx(r.Context(), func(tx state.Tx) error {
					if err := tx.Put("order", "half-done", []byte("x")); err != nil {
						return err
					}
					panic("a bug in the fake")
				})
			})
			mux.HandleFunc("/rows", func(w http.ResponseWriter, r *http.Request) {
				n, err := state.Count(r.Context(), env.State, "order")
				if err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				fmt.Fprint(w, n)
			})
			return registry.SandboxServer{Handler: mux}
		},
	}})
}

// A fake that panics inside a state transaction loses that request's
// connection, not the server, and its writes are undone.
func TestPanicInTransactionKeepsServing(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Registry: boomRegistry(), StateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < 3; i++ {
		resp, err := client.Get(srv.URL + "/boom/panic")
		if err == nil {
			resp.Body.Close()
			t.Fatalf("a panicking handler answered %s", resp.Status)
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("the panicking request hung: %v", err)
		}
	}
	resp, err := client.Get(srv.URL + "/boom/rows")
	if err != nil {
		t.Fatalf("the server stopped serving after a panic: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "0" {
		t.Errorf("rows after the panicking transactions = %s, want 0 (their writes undone)", b)
	}
}
