package renew

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/bihu"
)

// A renewal refused with a message quoting the SecCode it was sent (in
// the case sent and in lower case): the SecCode is its request's alone,
// so the process does not remember it, yet it is masked on stderr (the
// error and the -v wire log), on stdout, in the journal row and in the
// lookup's record.
func TestEchoedSecCodeIsMaskedEverywhere(t *testing.T) {
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusPartialContent} {
		e := &env{Env: cmdtest.New(t, cmdtest.Options{})}
		var mu sync.Mutex
		var codes []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			if strings.EqualFold(r.URL.Path, "/unite/login") {
				_ = json.NewEncoder(w).Encode(map[string]any{"code": 200, "msg": "成功", "Token": "A04FC8ADEE56A71E2DA987029F240ECC"})
				return
			}
			var body map[string]string
			raw, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(raw, &body)
			code := body["SecCode"]
			mu.Lock()
			codes = append(codes, code)
			mu.Unlock()
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": status,
				"msg": fmt.Sprintf("SecCode %s 校验失败 (%s)", code, strings.ToLower(code))})
		}))
		t.Cleanup(srv.Close)
		profile := e.F.Profile
		e.F.Profile = func() (*config.Profile, error) {
			p, err := profile()
			if err == nil {
				p.Set(bihu.Provider, "endpoint", srv.URL)
			}
			return p, err
		}
		e.F.Globals.Verbose = true
		if err := e.run("--plate", "京A12345"); err == nil {
			t.Fatalf("%d: the renewal succeeded", status)
		}
		if len(codes) != 1 || len(codes[0]) != 32 {
			t.Fatalf("%d: SecCodes sent: %q", status, codes)
		}
		code := codes[0]
		stderr := e.ErrOut.String()
		if !strings.Contains(stderr, "> POST") || !strings.Contains(stderr, "SecCode **** 校验失败 (****)") {
			t.Errorf("%d: no wire log, or the echo is not shown masked, on stderr:\n%s", status, stderr)
		}
		shown := map[string]string{"stdout": e.Out.String(), "stderr": stderr}
		rows, err := e.Store.History(t.Context(), store.JournalFilter{Provider: bihu.Provider, Operation: "renewal", Limit: -1})
		if err != nil || len(rows) != 1 {
			t.Fatalf("%d: journal rows %d, %v", status, len(rows), err)
		}
		full, err := e.Store.JournalEntryByID(t.Context(), rows[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		row, _ := json.Marshal(full)
		shown["journal"] = string(row)
		if !strings.Contains(full.Response, "SecCode **** 校验失败 (****)") || !strings.Contains(full.Message, "SecCode **** 校验失败 (****)") {
			t.Errorf("%d: the journal's answer or verdict lost its text: %s", status, row)
		}
		if status == http.StatusPartialContent {
			rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, bihu.Provider, RecordKind, "京A12345")
			if err != nil {
				t.Fatal(err)
			}
			shown["record"] = string(rec.Body)
		}
		if httpx.MaskKnown(code) != code {
			t.Errorf("%d: the process remembers the SecCode", status)
		}
		for name, text := range shown {
			if strings.Contains(strings.ToUpper(text), code) {
				t.Errorf("%d: %s shows the SecCode:\n%s", status, name, text)
			}
		}
	}
}
