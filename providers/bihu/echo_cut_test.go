package bihu_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

// A gateway that pads its message and then echoes the session token, the
// secret key or the request's SecCode: the error quoted the message cut to
// 200 characters (an HTML title to 60), and a cut through the secret left
// its start in the error, where no masking after the cut recognises it.
func TestAnEchoedSecretCutShortIsNotShown(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	tok, err := c.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, ctype string
		body        func(secret string, pad int) string
		pads        []int
	}{
		{"msg", "application/json", func(s string, pad int) string {
			return fmt.Sprintf(`{"msg":%q}`, strings.Repeat("x", pad)+s+" echoed")
		}, []int{186, 190, 195}},
		{"html title", "text/html", func(s string, pad int) string {
			return "<html><head><title>" + strings.Repeat("x", pad) + s + "</title></head></html>"
		}, []int{50, 54, 57}},
	} {
		for _, secretName := range []string{"token", "secret key", "seccode"} {
			for _, pad := range tc.pads {
				var secret string
				e.setFault(func(w http.ResponseWriter, r *received) bool {
					if !strings.HasSuffix(r.Path, "unitecheckrenewal") {
						return false
					}
					switch secretName {
					case "token":
						secret = tok.Value
					case "secret key":
						secret = sandbox.TestSecretKey
					default:
						secret = fmt.Sprint(r.Body["SecCode"])
					}
					w.Header().Set("Content-Type", tc.ctype+"; charset=utf-8")
					w.WriteHeader(http.StatusPreconditionFailed)
					_, _ = w.Write([]byte(tc.body(secret, pad)))
					return true
				})
				_, err := c.Renew(t.Context(), bihu.RenewalRequest{LicenseNo: "京J97896"})
				if err == nil {
					t.Fatalf("%s, %s, pad %d: the refusal passed", tc.name, secretName, pad)
				}
				if len(secret) < 8 {
					t.Fatalf("%s: no secret echoed (%q)", secretName, secret)
				}
				if strings.Contains(err.Error(), secret[:5]) {
					t.Errorf("%s, %s, pad %d: the error shows the secret's start: %s", tc.name, secretName, pad, err)
				}
			}
		}
	}
}
