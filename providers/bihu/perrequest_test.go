package bihu_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/bihu"
)

// A renewal's SecCode is its request's alone: a hundred renewals leave
// the process's set of secrets (what masks error text and stdout outside
// a request) with the profile's, so a secret met once before them, such
// as the next profile's password, is still masked after them, and no
// SecCode is among the set.
func TestRenewalSecCodesStayOutOfTheProcessSecrets(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	cfg.HTTP = httpx.NewClient(httpx.Options{Timeout: 10 * time.Second})
	c := bihu.New(cfg)
	const once = "bihu-other-profile-password-4F9D"
	_ = httpx.NewRedactor(once)
	for range 100 {
		e.clock.Add(time.Second) // a new TimeStamp, so a new SecCode
		if _, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := httpx.MaskKnown("password " + once); strings.Contains(got, once) {
		t.Errorf("a secret met before 100 renewals is no longer masked: %s", got)
	}
	codes := map[string]bool{}
	e.mu.Lock()
	for _, r := range e.reqs {
		if s, _ := r.Body["SecCode"].(string); s != "" {
			codes[s] = true
		}
	}
	e.mu.Unlock()
	if len(codes) != 100 {
		t.Fatalf("%d distinct SecCodes sent, want 100", len(codes))
	}
	for code := range codes {
		if httpx.MaskKnown(code) != code {
			t.Fatalf("the process remembers a renewal's SecCode")
		}
	}
}

// A server that quotes the SecCode it was sent (in the case sent and in
// lower case) in a refusal, a 206 or a result: the client's error, and
// the result's message, data and raw bytes, show it masked, as the
// request's wire log and journal row do, though the process does not
// remember it.
func TestEchoedSecCodeIsMaskedInErrorsAndResults(t *testing.T) {
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusNotAcceptable, http.StatusInternalServerError, http.StatusPartialContent, http.StatusOK, 418} {
		e := newEnv(t)
		var code string
		e.setFault(func(w http.ResponseWriter, r *received) bool {
			if r.Path != "/"+bihu.PathRenewal {
				return false
			}
			code, _ = r.Body["SecCode"].(string)
			echo := fmt.Sprintf("SecCode %s (%s)", code, strings.ToLower(code))
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "msg": "校验失败 " + echo, "RenewalToken": "RT-1", "Echo": echo})
			return true
		})
		cfg := e.config()
		cfg.HTTP = httpx.NewClient(httpx.Options{Timeout: 10 * time.Second})
		res, err := bihu.New(cfg).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
		if code == "" {
			t.Fatalf("%d: no renewal sent (%v)", status, err)
		}
		var shown []string
		if err != nil {
			fe, ok := err.(*failure.Error)
			if !ok {
				t.Fatalf("%d: %T %v", status, err, err)
			}
			shown = append(shown, fe.Error(), fe.Hint)
			if !strings.Contains(fe.Message, "SecCode **** (****)") {
				t.Errorf("%d: the error lost the server's words: %s", status, fe.Message)
			}
		}
		if res != nil {
			extra, _ := json.Marshal(res.Extra)
			shown = append(shown, res.Msg, string(res.Raw), string(extra))
		}
		if len(shown) == 0 {
			t.Fatalf("%d: neither a result nor an error", status)
		}
		for _, s := range shown {
			if strings.Contains(strings.ToUpper(s), code) {
				t.Errorf("%d: the SecCode is shown: %s", status, s)
			}
		}
		if httpx.MaskKnown(code) != code {
			t.Errorf("%d: the process remembers the SecCode", status)
		}
	}
}
