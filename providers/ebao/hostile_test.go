package ebao_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/httpx/httpxtest"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

func hostileClient(base string, timeout time.Duration) *ebao.Client {
	return ebao.New(ebao.Config{BaseURL: base, AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey,
		HTTP: httpx.NewClient(httpx.Options{Timeout: timeout})})
}

// A signed POST answered 307 is not sent on to the other host.
func TestHostileRedirect(t *testing.T) {
	from, to := httpxtest.Redirect(t, http.StatusTemporaryRedirect)
	c := hostileClient(from.URL, 5*time.Second)
	body := example(t, "issue")
	_, err := c.Issue(context.Background(), body)
	fe := asFailure(t, err, failure.Network)
	if !fe.Unknown || !strings.Contains(fe.Message, to.URL+ebao.PathIssuance) || strings.Contains(fe.Error(), ebao.Sign(body, sandbox.TestSecretKey)) {
		t.Errorf("%v (unknown %v)", fe, fe.Unknown)
	}
	_, err = c.Quote(context.Background(), example(t, "quote"))
	asFailure(t, err, failure.Network)
	if to.Hits() != 0 {
		t.Errorf("the second host received %d signed requests", to.Hits())
	}
}

func TestHostileHugeAnswer(t *testing.T) {
	srv := httpxtest.Huge(t, 256<<20, "application/json")
	c := hostileClient(srv.URL, 20*time.Second)
	_, err := c.Quote(context.Background(), example(t, "quote"))
	if fe := asFailure(t, err, failure.Verification); fe.Unknown || !strings.Contains(fe.Message, "larger than 1048576 bytes") {
		t.Errorf("quotation: %v", fe)
	}
	_, err = c.Issue(context.Background(), example(t, "issue"))
	if fe := asFailure(t, err, failure.Verification); !fe.Unknown || !strings.Contains(fe.Hint, "issue the quotation again") {
		t.Errorf("issuance: %v (hint %q)", fe, fe.Hint)
	}
}

func TestHostileSlowBody(t *testing.T) {
	srv := httpxtest.Trickle(t, 20*time.Millisecond)
	start := time.Now()
	_, err := hostileClient(srv.URL, 300*time.Millisecond).Cancel(context.Background(), example(t, "cancel"))
	if fe := asFailure(t, err, failure.Network); !fe.Unknown || time.Since(start) > 2*time.Second {
		t.Errorf("after %s: %v", time.Since(start), fe)
	}
}

// An issuance answered 502 is sent once and left unknown, exit 5.
func TestHostile5xxAfterIssue(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "bad gateway", http.StatusBadGateway)
	}))
	defer srv.Close()
	_, err := hostileClient(srv.URL, 5*time.Second).Issue(context.Background(), example(t, "issue"))
	if fe := asFailure(t, err, failure.Network); !fe.Unknown || fe.ExitCode() != 5 || hits.Load() != 1 {
		t.Errorf("%v (sent %d times)", fe, hits.Load())
	}
}

// signedAnswer is a service that answers every request 200 with body,
// validly signed with the sandbox's secret key.
func signedAnswer(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set(ebao.DefaultSignatureHeader, ebao.Sign([]byte(body), sandbox.TestSecretKey))
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A signed 200 carrying an error is the service refusing: exit 4 with its
// message and code, not an untrusted body.
func TestSignedErrorBodyIsARefusal(t *testing.T) {
	srv := signedAnswer(t, `{"timestamp":1700000000000,"status":422,"error":"Unprocessable Entity","message":"quotation has expired","path":"/pa_web/api/issuances"}`)
	c := hostileClient(srv.URL, 5*time.Second)
	_, err := c.Issue(context.Background(), example(t, "issue"))
	if fe := asFailure(t, err, failure.Refused); fe.Code != "422" || !strings.Contains(fe.Message, "quotation has expired") || fe.Unknown {
		t.Errorf("issuance: %v (code %q, unknown %v)", fe, fe.Code, fe.Unknown)
	}
	_, err = c.Cancel(context.Background(), example(t, "cancel"))
	if fe := asFailure(t, err, failure.Refused); fe.Code != "422" || !strings.Contains(fe.Message, "quotation has expired") {
		t.Errorf("cancellation: %v", fe)
	}
	gw := signedAnswer(t, `{"code":"E1002","msg":"policy holder blacklisted"}`)
	_, err = hostileClient(gw.URL, 5*time.Second).Issue(context.Background(), example(t, "issue"))
	if fe := asFailure(t, err, failure.Refused); fe.Code != "E1002" || !strings.Contains(fe.Message, "blacklisted") {
		t.Errorf("gateway shape: %v", fe)
	}
}

// A signed 200 without a policy number and without an error leaves the
// issuance in doubt: unknown, with the quotation number to ask about.
func TestIssuanceWithoutPolicyNumberIsUnknown(t *testing.T) {
	srv := signedAnswer(t, `{"status":"PENDING"}`)
	body, err := ebao.WithQuotationNumber(example(t, "issue"), "Q2701160000000042")
	if err != nil {
		t.Fatal(err)
	}
	_, err = hostileClient(srv.URL, 5*time.Second).Issue(context.Background(), body)
	if fe := asFailure(t, err, failure.Verification); !fe.Unknown || !strings.Contains(fe.Hint, "Q2701160000000042") || !strings.Contains(fe.Hint, "may have been issued") {
		t.Errorf("%v (unknown %v, hint %q)", fe, fe.Unknown, fe.Hint)
	}
}

// An answer with neither "success": true nor an endorsement number is no
// cancellation: its outcome is unknown. (An endorsement number alone is:
// the document's table of the answer lists only that.)
func TestCancellationWithoutSuccessIsNotSuccess(t *testing.T) {
	for _, body := range []string{`{"endorsement_number":""}`, `{}`} {
		srv := signedAnswer(t, body)
		resp, err := hostileClient(srv.URL, 5*time.Second).Cancel(context.Background(), example(t, "cancel"))
		if fe := asFailure(t, err, failure.Verification); !fe.Unknown || !strings.Contains(fe.Hint, "policy") || resp != nil {
			t.Errorf("%s: %v (unknown %v)", body, fe, fe.Unknown)
		}
	}
	srv := signedAnswer(t, `{"endorsement_number":"E1","success":false,"message":"policy already cancelled"}`)
	_, err := hostileClient(srv.URL, 5*time.Second).Cancel(context.Background(), example(t, "cancel"))
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Message, "already cancelled") {
		t.Errorf("success false: %v", fe)
	}
}

type journalRows struct{ rows []httpx.Entry }

func (j *journalRows) Record(_ context.Context, e httpx.Entry) { j.rows = append(j.rows, e) }

// The journal row of an answer the client does not take as a result says
// so as the client does: success false is a refusal (exit 4) with the
// service's code, a quotation without its number is unverified (exit 6),
// an issuance without its policy number is in doubt; a result has no
// verdict.
func TestJournalRowCarriesTheClientsVerdict(t *testing.T) {
	for _, c := range []struct {
		name, answer string
		send         func(*ebao.Client) error
		want         *httpx.Verdict
	}{
		{"success false", `{"endorsement_number":"E1","success":false,"code":"E-17","message":"policy already cancelled"}`,
			func(c *ebao.Client) error { _, err := c.Cancel(context.Background(), example(t, "cancel")); return err },
			&httpx.Verdict{ExitClass: 4, Code: "E-17"}},
		{"no quotation number", `{"fee":{}}`,
			func(c *ebao.Client) error { _, err := c.Quote(context.Background(), example(t, "quote")); return err },
			&httpx.Verdict{ExitClass: 6}},
		{"issuance in doubt", `{"status":"EFFECTIVE"}`,
			func(c *ebao.Client) error { _, err := c.Issue(context.Background(), example(t, "issue")); return err },
			&httpx.Verdict{ExitClass: 6, Unknown: true}},
		{"result", `{"endorsement_number":"E1","success":true}`,
			func(c *ebao.Client) error { _, err := c.Cancel(context.Background(), example(t, "cancel")); return err },
			nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := signedAnswer(t, c.answer)
			j := &journalRows{}
			cl := ebao.New(ebao.Config{BaseURL: srv.URL, AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey,
				HTTP: httpx.NewClient(httpx.Options{Timeout: 5 * time.Second, Journal: j})})
			err := c.send(cl)
			if len(j.rows) != 1 || j.rows[0].Status != 200 {
				t.Fatalf("rows %+v", j.rows)
			}
			v := j.rows[0].Verdict
			if c.want == nil {
				if err != nil || v != nil {
					t.Fatalf("a result: err %v, verdict %+v", err, v)
				}
				return
			}
			fe := asFailure(t, err, failure.KindOf(err))
			if v == nil || v.ExitClass != c.want.ExitClass || v.ExitClass != fe.ExitCode() || v.Code != c.want.Code || v.Unknown != c.want.Unknown || v.Message != fe.Message {
				t.Errorf("verdict %+v; the client said exit %d: %v", v, fe.ExitCode(), fe)
			}
		})
	}
}

// Fee amounts print as the server wrote them: a number digit for digit, a
// string as a string, an empty string without failing the quotation.
func TestFeeAmountsKeepTheirJSONType(t *testing.T) {
	fee := `{"COMMISSION":0.10,"APP":"30","AGP":30.00,"SNP":"","ANP":1234567.5,"SGP":30}`
	srv := signedAnswer(t, `{"fee":`+fee+`,"quotationNumber":"Q2611230000000009"}`)
	q, err := hostileClient(srv.URL, 5*time.Second).Quote(context.Background(), example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(q.Fee)
	if err != nil || string(got) != fee {
		t.Errorf("fee printed as %s (%v), want %s", got, err, fee)
	}
	if q.Fee.APP.String() != "30" || q.Fee.SNP.String() != "" || q.Fee.AGP.String() != "30.00" {
		t.Errorf("table values APP %q SNP %q AGP %q", q.Fee.APP, q.Fee.SNP, q.Fee.AGP)
	}
	bad := signedAnswer(t, `{"fee":{"APP":{"yuan":30}},"quotationNumber":"Q2611230000000010"}`)
	_, err = hostileClient(bad.URL, 5*time.Second).Quote(context.Background(), example(t, "quote"))
	asFailure(t, err, failure.Verification)
}
