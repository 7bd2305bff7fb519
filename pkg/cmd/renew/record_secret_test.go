package renew

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
)

// A 206 whose message repeats the login token (a server quoting what it
// was sent) leaves a record in the local store: the token is masked there
// in every form, as in the page link, whose query holds it percent-encoded.
func TestRecordOfA206MasksTheTokenItEchoes(t *testing.T) {
	for _, token := range []string{"A04FC8ADEE56A71E2DA987029F240ECC", "Tk7+/=&x9QwE"} {
		e := &env{Env: cmdtest.New(t, cmdtest.Options{})}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			if strings.EqualFold(r.URL.Path, "/unite/login") {
				_ = json.NewEncoder(w).Encode(map[string]any{"code": 200, "msg": "成功", "Token": token})
				return
			}
			w.WriteHeader(http.StatusPartialContent)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 206, "msg": "请补充行驶证信息 (Token=" + token + ")"})
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
		if err := e.run("--plate", "京A12345"); err == nil {
			t.Fatal("a 206 succeeded")
		}
		rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "bihu", RecordKind, "京A12345")
		if err != nil {
			t.Fatal(err)
		}
		body := string(rec.Body)
		if !json.Valid(rec.Body) || !strings.Contains(body, `"httpStatus":206`) || !strings.Contains(body, "Token=****") {
			t.Errorf("record %s", body)
		}
		for _, form := range []string{token, url.QueryEscape(token)} {
			if strings.Contains(body, form) {
				t.Errorf("record of token %q holds %q: %s", token, form, body)
			}
		}
		for name, text := range map[string]string{"stdout": e.Out.String(), "stderr": e.ErrOut.String()} {
			if strings.Contains(text, token) || strings.Contains(text, url.QueryEscape(token)) {
				t.Errorf("%s holds token %q: %s", name, token, text)
			}
		}
	}
}

// The same for the secret key, which a gateway may quote in a renewal's
// message: stdout masked it, the record kept it as it came.
func TestRecordMasksAnEchoedSecretKey(t *testing.T) {
	e := &env{Env: cmdtest.New(t, cmdtest.Options{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if strings.EqualFold(r.URL.Path, "/unite/login") {
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 200, "msg": "成功", "Token": "A04FC8ADEE56A71E2DA987029F240ECC"})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 200, "msg": "ok (secretKey=" + bihusb.TestSecretKey + ")", "RenewalToken": "R-1"})
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
	_ = e.run("--plate", "京A12345")
	rec, err := e.Store.GetRecord(t.Context(), config.SandboxProfile, "bihu", RecordKind, "京A12345")
	if err != nil {
		t.Fatal(err)
	}
	if body := string(rec.Body); !json.Valid(rec.Body) || strings.Contains(body, bihusb.TestSecretKey) || !strings.Contains(body, "secretKey=****") {
		t.Errorf("record %s", body)
	}
}
