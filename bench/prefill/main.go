// Command prefill stores N eBao quotations in a sandbox state directory, so
// bench/sandbox-wrk.sh can measure the sandbox with that much state. It
// drives the eBao sandbox's own handler in-process (no network), so the
// rows are exactly what `insure sandbox serve` would have stored.
//
//	go run ./bench/prefill -state-dir DIR -n 100000
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
	ebaosandbox "github.com/insurekit/insure/providers/ebao/sandbox"
)

func main() {
	dir := flag.String("state-dir", "", "sandbox state directory (holds sandbox.db)")
	n := flag.Int("n", 0, "quotations to store")
	flag.Parse()
	if err := run(*dir, *n); err != nil {
		fmt.Fprintln(os.Stderr, "prefill:", err)
		os.Exit(1)
	}
}

func run(dir string, n int) error {
	if dir == "" {
		return fmt.Errorf("-state-dir is required")
	}
	st, err := state.Open(filepath.Join(dir, "sandbox.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	h := ebaosandbox.New(ebaosandbox.Options{State: st})
	body, err := ebao.Example("quote")
	if err != nil {
		return err
	}
	url := ebao.SignedURL("http://sandbox", ebao.PathQuotation, ebaosandbox.TestAccessKey, body, ebaosandbox.TestSecretKey)
	start := time.Now()
	for i := 0; i < n; i++ {
		req := httptest.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			return fmt.Errorf("quotation %d: HTTP %d %s", i+1, w.Code, w.Body.Bytes())
		}
	}
	fmt.Fprintf(os.Stderr, "prefill: %d quotations in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
