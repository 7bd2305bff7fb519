package listen

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/store"
)

// FuzzReceiver posts arbitrary bodies with arbitrary content types to the
// notification receiver that Run serves. Property: the receiver never
// panics (a panicking handler drops the connection instead of answering),
// answers every request with a status, and keeps serving.
func FuzzReceiver(f *testing.F) {
	f.Add("POST", "application/x-www-form-urlencoded", "status=2&orderId=ORD-1&platformOrderId=20250310-0001")
	f.Add("POST", "application/x-www-form-urlencoded", "status=&orderId=%zz")
	f.Add("POST", "multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n2\r\n--X--\r\n")
	f.Add("POST", "multipart/form-data; boundary=", "--\r\n")
	f.Add("POST", "multipart/mixed", strings.Repeat("A", 4096))
	f.Add("POST", "application/json", `{"status":"2","orderId":"ORD-1","platformOrderId":"P"}`)
	f.Add("GET", "", "")
	f.Add("PUT", "text/plain; charset=gbk", "\xff\xfe")

	ios, _, _, _ := iostreams.Test()
	st, err := store.Open(filepath.Join(f.TempDir(), "insure.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = st.Close() })
	ready := make(chan string, 1)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- Run(&Options{Ctx: context.Background(), IO: ios, Addr: "127.0.0.1:0", Store: func() (*store.Store, error) { return st, nil }, Ready: func(a string) { ready <- a }, Stop: stop})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		f.Fatalf("the receiver did not start: %v", err)
	}
	f.Cleanup(func() { close(stop); <-done })
	client := &http.Client{Timeout: 30 * time.Second}

	f.Fuzz(func(t *testing.T, method, contentType, body string) {
		switch method {
		case "POST", "GET", "PUT", "DELETE", "PATCH":
		default:
			method = "POST"
		}
		ct := strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || r > 0x7e {
				return -1
			}
			return r
		}, contentType)
		req, err := http.NewRequest(method, "http://"+addr+"/notify", strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("no answer (a panic drops the connection): %v", err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode/100 != 4 {
			t.Fatalf("answered %d", resp.StatusCode)
		}
	})
}
