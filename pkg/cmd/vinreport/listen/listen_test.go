package listen

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

type running struct {
	addr   string
	out    *bytes.Buffer
	errOut *bytes.Buffer
	store  *store.Store
	stop   chan struct{}
	done   chan error
}

// start runs the listener on a free loopback port with its own store.
func start(t *testing.T, shape func(*Options)) *running {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ios, _, out, errOut := iostreams.Test()
	r := &running{out: out, errOut: errOut, store: st, stop: make(chan struct{}), done: make(chan error, 1)}
	ready := make(chan string, 1)
	opts := &Options{Ctx: context.Background(), IO: ios, Addr: "127.0.0.1:0", Store: func() (*store.Store, error) { return st, nil },
		Ready: func(a string) { ready <- a }, Stop: r.stop}
	if shape != nil {
		shape(opts)
	}
	go func() { r.done <- Run(opts) }()
	select {
	case r.addr = <-ready:
	case err := <-r.done:
		t.Fatalf("listener ended: %v", err)
	}
	t.Cleanup(func() {
		select {
		case <-r.stop:
		default:
			close(r.stop)
		}
		<-r.done
	})
	return r
}

// stopped stops the listener and waits for it, so that its output can be
// read without racing its writes; the Cleanup of start still works after.
func (r *running) stopped(t *testing.T) *running {
	t.Helper()
	select {
	case <-r.stop:
	default:
		close(r.stop)
	}
	err := <-r.done
	r.done <- err
	return r
}

func (r *running) post(t *testing.T, ctype, body string) (int, string) {
	t.Helper()
	status, answer, err := r.try(ctype, body)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	return status, answer
}

// try posts body; the error is the client's (the listener may refuse a
// large body and close the connection before the client has written it).
func (r *running) try(ctype, body string) (int, string, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Post("http://"+r.addr+"/notify", ctype, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

const form = "application/x-www-form-urlencoded;charset=UTF-8"

func note(order string) string {
	return "status=2&orderId=" + order + "&platformOrderId=P-" + order
}

func TestMultipartIsRefusedWithoutATempFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	r := start(t, nil)
	var b bytes.Buffer
	b.WriteString("--xyz\r\nContent-Disposition: form-data; name=\"status\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
	b.Write(bytes.Repeat([]byte("a"), 2<<20))
	b.WriteString("\r\n--xyz--\r\n")
	// Refused: a 4xx, or the connection closed while the client was
	// still writing the 2 MiB (the listener answers before reading it all).
	status, body, err := r.try("multipart/form-data; boundary=xyz", b.String())
	if err == nil && (status < 400 || status >= 500 || strings.Contains(body, "success")) {
		t.Fatalf("2 MiB multipart: %d %q", status, body)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	// A form body over the limit is refused too.
	status, _ = r.post(t, form, note("O-1")+"&pad="+strings.Repeat("x", 64<<10))
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized form: %d", status)
	}
	if r.stopped(t).out.Len() != 0 {
		t.Fatalf("printed %q", r.out.String())
	}
}

func TestStoreFailureIsNotAnsweredSuccess(t *testing.T) {
	r := start(t, nil)
	r.store.Close() // every write now fails
	status, body := r.post(t, form, note("O-LOST"))
	if status/100 == 2 || strings.TrimSpace(body) == paoding.NotificationAck {
		t.Fatalf("unrecorded notification answered %d %q", status, body)
	}
	if !strings.Contains(r.stopped(t).errOut.String(), "could not record") {
		t.Fatalf("stderr %q", r.errOut.String())
	}
}

func TestDuplicateIsRecordedOnceAndSaidSo(t *testing.T) {
	r := start(t, func(o *Options) { o.Count = 2 })
	for i := 0; i < 2; i++ {
		if status, body := r.post(t, form, note("O-DUP")); status != 200 || body != "success" {
			t.Fatalf("post %d: %d %q", i, status, body)
		}
	}
	select {
	case err := <-r.done:
		r.done <- err
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("--count 2 did not end the listener")
	}
	lines := strings.Split(strings.TrimSpace(r.out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("lines %q", r.out.String())
	}
	var first, second Event
	_ = json.Unmarshal([]byte(lines[0]), &first)
	_ = json.Unmarshal([]byte(lines[1]), &second)
	if first.Duplicate || !second.Duplicate || second.OrderID != "O-DUP" {
		t.Fatalf("lines %q", r.out.String())
	}
	if !strings.Contains(r.errOut.String(), "duplicate notification for order O-DUP") {
		t.Fatalf("stderr %q", r.errOut.String())
	}
	recs, err := r.store.Notifications(t.Context(), paoding.Provider, "O-DUP")
	if err != nil || len(recs) != 1 || recs[0].Count != 2 || string(recs[0].Body) != note("O-DUP") {
		t.Fatalf("recorded %+v %v", recs, err)
	}
}

func TestSlowClientsAreCutOffAndTheConnectionCapHolds(t *testing.T) {
	r := start(t, func(o *Options) {
		o.MaxConns = 2
		o.ReadHeaderTimeout = time.Second
		o.ReadTimeout = 2 * time.Second
	})
	dial := func() net.Conn {
		c, err := net.Dial("tcp", r.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// Two clients that sent their headers and trickle their bodies take
	// both slots: their requests are being received, and keep them.
	slow := []net.Conn{dial(), dial()}
	for _, c := range slow {
		fmt.Fprintf(c, "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: 200\r\n\r\nstatus=", form)
	}
	time.Sleep(200 * time.Millisecond)
	// A third, complete request is not served while the cap is reached...
	c := dial()
	fmt.Fprintf(c, "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", form, len(note("O-CAP")), note("O-CAP"))
	_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, _ := c.Read(make([]byte, 1)); n != 0 {
		t.Fatal("a third connection was served while two were held")
	}
	// ...and is once the slow ones are cut off by the read timeout.
	_ = c.SetReadDeadline(time.Now().Add(15 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("the waiting request was never served: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "success" {
		t.Fatalf("answer %q", b)
	}
	for _, s := range slow {
		_ = s.SetReadDeadline(time.Now().Add(5 * time.Second))
		if got, err := io.ReadAll(s); err != nil || strings.Contains(string(got), "success") {
			t.Fatalf("slow body client not cut off: %q %v", got, err)
		}
	}
	// A client that never finishes its headers is cut off by the header
	// timeout.
	h := dial()
	_, _ = h.Write([]byte("POST /notify HTTP/1.1\r\nHost: x\r\n"))
	_ = h.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(h); err != nil {
		t.Fatalf("slow header client not cut off: %v", err)
	}

	// A body trickled slower than the read timeout is cut off and not
	// answered success.
	t0 := time.Now()
	s := dial()
	fmt.Fprintf(s, "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: 200\r\n\r\n", form)
	go func() {
		for i := 0; i < 40; i++ {
			if _, err := s.Write([]byte("a")); err != nil {
				return
			}
			time.Sleep(250 * time.Millisecond)
		}
	}()
	_ = s.SetReadDeadline(time.Now().Add(8 * time.Second))
	// The trickling writer may still be sending when the server closes, so
	// the read can end in a reset after the answer: the answer is what
	// counts.
	got, err := io.ReadAll(s)
	if (err != nil && len(got) == 0) || strings.Contains(string(got), "success") {
		t.Fatalf("slow body: %q %v", got, err)
	}
	if time.Since(t0) > 8*time.Second {
		t.Fatalf("slow body held the connection %s", time.Since(t0))
	}
	if strings.Count(r.stopped(t).out.String(), "\n") != 1 {
		t.Fatalf("printed %q", r.out.String())
	}
}

func TestForwardFailureKeepsTheEvent(t *testing.T) {
	r := start(t, func(o *Options) { o.ForwardTo = "http://127.0.0.1:1/nowhere"; o.Once = true })
	if status, body := r.post(t, form, note("O-FWD")); status != 200 || body != "success" {
		t.Fatalf("%d %q", status, body)
	}
	select {
	case err := <-r.done:
		r.done <- err
	case <-time.After(15 * time.Second):
		t.Fatal("--once did not end the listener")
	}
	var ev Event
	if err := json.Unmarshal(r.out.Bytes(), &ev); err != nil || ev.Forward == nil || ev.Forward.Error == "" {
		t.Fatalf("line %q", r.out.String())
	}
	if recs, _ := r.store.Notifications(t.Context(), paoding.Provider, "O-FWD"); len(recs) != 1 {
		t.Fatalf("recorded %+v", recs)
	}
}

// Stopping the listener (SIGINT, SIGTERM) while the worker is still
// forwarding prints every notification Paoding was already answered for:
// none is acknowledged and then missing from stdout.
func TestStopPrintsEveryAnsweredNotification(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer slow.Close()
	r := start(t, func(o *Options) { o.ForwardTo = slow.URL })
	for _, id := range []string{"O-STOP-1", "O-STOP-2", "O-STOP-3"} {
		if status, body := r.post(t, form, note(id)); status != 200 || body != "success" {
			t.Fatalf("%s: %d %q", id, status, body)
		}
	}
	out := r.stopped(t).out.String()
	for _, id := range []string{"O-STOP-1", "O-STOP-2", "O-STOP-3"} {
		if !strings.Contains(out, id) {
			t.Fatalf("answered %s but did not print it:\n%s", id, out)
		}
	}
}

// A notification whose parameters came in the query string (no body, no
// Content-Type) is forwarded as the form it was read as, labelled so.
func TestForwardOfAQueryNotificationIsLabelledAForm(t *testing.T) {
	got := make(chan string, 1)
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got <- r.Header.Get("Content-Type") + " " + r.PostForm.Get("orderId")
	}))
	defer sink.Close()
	r := start(t, func(o *Options) { o.ForwardTo = sink.URL; o.Once = true })
	resp, err := http.Post("http://"+r.addr+"/notify?status=2&orderId=O-Q&platformOrderId=P-Q", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	select {
	case s := <-got:
		if s != paoding.NotificationContentType+" O-Q" {
			t.Fatalf("forwarded as %q, want the form's Content-Type and orderId O-Q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing forwarded")
	}
}

// A port in use is exit 2 naming --addr, with what to do.
func TestAddressInUseNamesTheFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ios, _, _, _ := iostreams.Test()
	err = Run(&Options{Ctx: context.Background(), IO: ios, Addr: ln.Addr().String(), Store: func() (*store.Store, error) { return st, nil }})
	var fe *failure.Error
	if !errors.As(err, &fe) || cmdutil.ExitCode(err) != 2 || fe.Provider != paoding.Provider || !strings.Contains(fe.Message, "--addr") || fe.Hint == "" {
		t.Fatalf("exit %d: %#v", cmdutil.ExitCode(err), err)
	}
}

// Every notification answered success is printed, also when the sender
// hangs up as soon as it has read "success" (as Paoding does): the
// handler chose, by select's coin toss, between handing the event to the
// printer and the request's context, done once the sender had gone, and
// dropped the event from stdout and --forward-to.
func TestNotificationFromASenderThatHangsUpIsPrinted(t *testing.T) {
	const n = 40
	r := start(t, nil)
	for i := range n {
		conn, err := net.Dial("tcp", r.addr)
		if err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("status=2&orderId=HUP-%d&platformOrderId=P-%d", i, i)
		fmt.Fprintf(conn, "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		buf := make([]byte, 512)
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if k, _ := conn.Read(buf); !strings.Contains(string(buf[:k]), "success") {
			t.Fatalf("answer %q", buf[:k])
		}
		_ = conn.Close()
	}
	r.stopped(t)
	if got := strings.Count(r.out.String(), `"orderId":"HUP-`); got != n {
		t.Fatalf("%d of %d notifications printed:\n%s", got, n, r.out)
	}
}
