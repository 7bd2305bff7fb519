package ebao_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

const quoteFile = "../../examples/ebao/quote.json"

// insure runs the command line as the binary does, on the sandbox
// profile, and returns what the binary prints on stderr and its error.
func insure(e *cmdtest.Env, args ...string) (string, error) {
	e.Reset()
	cmd := root.NewCmdRoot(e.F)
	cmd.SetArgs(append([]string{"-p", config.SandboxProfile}, args...))
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	err := cmd.Execute()
	cmdutil.PrintError(e.F.IOStreams, cmdutil.RewriteHints(e.F, err), false)
	return e.ErrOut.String(), err
}

// A quotation the service keeps failing is sent three times (-v shows
// three POSTs); the error says so, as bihu's and paoding's do.
func TestRetriedQuotationSaysHowManyTimesItWasSent(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao=status:500"})
	stderr, err := insure(e, "quote", "--provider", "ebao", "-f", quoteFile)
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	sent := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, ebao.PathQuotation) {
			sent++
		}
	}
	if sent != 3 || !strings.Contains(err.Error(), "(after 3 attempts)") || !strings.Contains(stderr, "(after 3 attempts)") {
		t.Fatalf("sent %d times; error %q; stderr %q", sent, err, stderr)
	}
}

// A cancellation whose answer is lost is settled by cancelling again (a
// repeat is refused as not effective when the first went through), so
// the hint says that, as issue's does, rather than to ask eBao first.
func TestLostCancellationHintSaysToCancelAgain(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "ebao:" + ebao.PathCancellation + "=act-then-drop"})
	if stderr, err := insure(e, "quote", "--provider", "ebao", "-f", quoteFile); err != nil {
		t.Fatalf("quote: %v\n%s", err, stderr)
	}
	q := regexp.MustCompile(`Q\d{16}`).FindString(e.Out.String())
	if stderr, err := insure(e, "issue", "--provider", "ebao", "-f", quoteFile, "--quote", q, "--yes"); err != nil {
		t.Fatalf("issue: %v\n%s", err, stderr)
	}
	p := regexp.MustCompile(`P\d{16}`).FindString(e.Out.String())
	stderr, err := insure(e, "cancel", "--provider", "ebao", p, "--yes")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 5 || !errors.As(err, &fe) || !fe.Unknown {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	// One whole command, pasted as is: "the same `insure -p sandbox
	// cancel`" without the policy number was a usage error when followed.
	for _, want := range []string{"cancel policy " + p + " again", "`insure -p sandbox cancel --provider ebao " + p + " --yes`", "already cancelled"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the hint does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "before cancelling again") {
		t.Errorf("the hint sends the user to ask before repeating:\n%s", stderr)
	}
}

// What the hint promises: the first answer lost, the same cancellation
// sent again is the service's refusal saying the first one stands.
func TestRepeatingALostCancellationSettlesIt(t *testing.T) {
	var cancellations atomic.Int64
	dropFirst := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ebao.PathCancellation) && cancellations.Add(1) == 1 {
				next.ServeHTTP(discard{}, r) // the policy is cancelled, the answer lost
				if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
					c.Close()
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	e := newEnv(t, ebao.Config{}, sandbox.Options{}, dropFirst)
	ctx := context.Background()
	q, err := e.client.Quote(ctx, example(t, "quote"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := ebao.WithQuotationNumber(example(t, "issue"), q.QuotationNumber)
	pol, err := e.client.Issue(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	cancel := ebao.NewCancellation(pol.PolicyNumber, sandbox.TestChannelCode, ebao.ApplyByInsurer, testNow)
	_, err = e.client.Cancel(ctx, cancel)
	if fe := asFailure(t, err, failure.Network); !fe.Unknown || !strings.Contains(fe.Hint, "cancel policy "+pol.PolicyNumber+" again") {
		t.Fatalf("lost cancellation: unknown=%v hint %q", fe.Unknown, fe.Hint)
	}
	_, err = e.client.Cancel(ctx, cancel)
	if fe := asFailure(t, err, failure.Refused); !strings.Contains(fe.Message, "not effective") || !strings.Contains(fe.Hint, "that earlier cancellation stands") {
		t.Fatalf("the repeat: %v (hint %q)", fe, fe.Hint)
	}
}

// discard is a ResponseWriter that throws the answer away.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) WriteHeader(int)             {}
func (discard) Write(b []byte) (int, error) { return len(b), nil }
