package purchase_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// An answer to the payment check (125) over the size limit, or a
// redirect instead of one, leaves its outcome unknown as a lost one does:
// the hint names the issue command to run again, not the client's "send
// the same signed request again", and keeps what it said of the cause.
func TestSpoiltPaymentCheckAnswerHintNamesTheIssueCommand(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spoil  func(w http.ResponseWriter)
		exit   int
		prefix string // the hint starts with it (the cause to fix first)
		says   string // and goes on to say it
	}{
		{name: "too large", exit: 6,
			spoil: func(w http.ResponseWriter) {
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write(bytes.Repeat([]byte(" "), 5<<20))
			},
			says: "; no sunshine answer is larger than 4194304 bytes, so check the profile's endpoint too"},
		{name: "redirect", exit: 5,
			spoil: func(w http.ResponseWriter) {
				w.Header().Set("Location", "https://elsewhere.example/servlet")
				w.WriteHeader(http.StatusFound)
			},
			prefix: "check the profile's sunshine endpoint: a redirect means it is not the platform's address", says: "; then run the same issue command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPlatform(t)
			sessions := purchase.NewMemoryStore()
			session := quoted(t, p, sessions, "07518800")
			spoil := true
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if spoil && bytes.Contains(body, []byte("<RequestType>125</RequestType>")) {
					tc.spoil(w)
					return
				}
				resp, err := http.Post(p.URL+r.URL.RequestURI(), r.Header.Get("Content-Type"), bytes.NewReader(body))
				if err != nil {
					http.Error(w, err.Error(), http.StatusBadGateway)
					return
				}
				defer resp.Body.Close()
				w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
				w.WriteHeader(resp.StatusCode)
				_, _ = io.Copy(w, resp.Body)
			}))
			t.Cleanup(front.Close)
			issue := func() error {
				fl := &purchase.Flow{Client: clientAt(t, front.URL), Sessions: sessions, Command: "issue"}
				var err error
				if fl.Session, err = purchase.OpenSession(context.Background(), sessions, "test", session.ID); err != nil {
					t.Fatal(err)
				}
				return fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true, CheckPayNo: "B5000M386466139260786"},
					answers(t, peopleAnswers...))
			}

			err := issue()
			var fe *failure.Error
			if !errors.As(err, &fe) || !fe.Unknown || fe.ExitCode() != tc.exit {
				t.Fatalf("spoilt 125: %v", err)
			}
			want := "run the same issue command for session " + session.ID + " again (`insure issue --provider sunshine --session " + session.ID + " --check-pay-no B5000M386466139260786 --yes`)"
			if !strings.HasPrefix(fe.Hint, tc.prefix) || !strings.Contains(fe.Hint, want) || !strings.Contains(fe.Hint, tc.says) ||
				strings.Contains(fe.Hint, "send the same signed request") {
				t.Fatalf("spoilt 125: hint %q, want it to start %q and say %q and %q", fe.Hint, tc.prefix, want, tc.says)
			}

			// Following it, with the answer path repaired, issues.
			spoil = false
			if err := issue(); err != nil {
				t.Fatalf("following the hint: %v", err)
			}
		})
	}
}
