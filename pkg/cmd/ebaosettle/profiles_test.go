package ebaosettle_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

// lostUnder journals, under profile, an act of op keyed key whose answer
// was lost, as sent to endpoint with accessKey: what another profile's
// run left (its own factory is not this test's).
func lostUnder(t *testing.T, e *cmdtest.Env, profile, op, endpoint, accessKey string, keys map[string]string) {
	t.Helper()
	path := map[string]string{ebao.OpIssuance: ebao.PathIssuance, ebao.OpCancellation: ebao.PathCancellation}[op]
	_, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: profile, Provider: ebao.Provider, Operation: op,
		Method: "POST", URL: endpoint + path + "?version=1&accessKey=" + accessKey + "&signature=****", Keys: keys, Error: "EOF",
		Verdict: &httpx.Verdict{ExitClass: failure.ExitNetwork, Unknown: true}})
	if err != nil {
		t.Fatal(err)
	}
}

// An issuance lost under one profile ("eat", through a proxy of its own)
// and repeated under another that reaches the same eBao account (the
// same access key) is one act: the refusal settles it, and find's state
// line says issued, not "failed" and "unknown" about the policy it names.
// A profile with another access key is another account, left as it is.
func TestRefusalUnderAnotherProfileSettlesTheSameAccountsIssuance(t *testing.T) {
	e, _ := reworded(t)
	q := quoted(t, e)
	// The lost issuance went through: eBao holds the policy.
	body, err := os.ReadFile(quoteFile)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = ebao.WithQuotationNumber(body, q)
	direct := ebao.New(ebao.Config{BaseURL: e.Sandbox.Endpoint("ebao"), AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey})
	if _, err := direct.Issue(context.Background(), body); err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{"quotationNumber": q}
	lostUnder(t, e, "eat", ebao.OpIssuance, "http://127.0.0.1:1/ebao", sandbox.TestAccessKey, keys)
	lostUnder(t, e, "uat", ebao.OpIssuance, "http://127.0.0.1:2/ebao", "AnotherKey", keys)

	err = issueAgain(e, q)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "this settles the earlier issuance of quotation "+q) {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if n := unknownRows(t, e, ebao.OpIssuance, q); n != 1 {
		t.Errorf("%d rows unknown, want uat's alone", n)
	}
	s := story(t, e, q)
	if !strings.Contains(s.State, "issued (settled by the re-run") || strings.Contains(s.State, "failed") {
		t.Errorf("find %s: %q", q, s.State)
	}
}

// The same for a cancellation.
func TestRefusalUnderAnotherProfileSettlesTheSameAccountsCancellation(t *testing.T) {
	e, _ := reworded(t)
	p := issued(t, e)
	direct := ebao.New(ebao.Config{BaseURL: e.Sandbox.Endpoint("ebao"), AccessKey: sandbox.TestAccessKey, SecretKey: sandbox.TestSecretKey})
	if _, err := direct.Cancel(context.Background(), ebao.NewCancellation(p, sandbox.TestChannelCode, ebao.ApplyByPolicyHolder, time.Now())); err != nil {
		t.Fatal(err)
	}
	lostUnder(t, e, "eat", ebao.OpCancellation, "http://127.0.0.1:1/ebao", sandbox.TestAccessKey, map[string]string{"policyNumber": p})
	if err := cancelAgain(e, p); cmdutil.ExitCode(err) != 4 {
		t.Fatalf("re-run: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if n := unknownRows(t, e, ebao.OpCancellation, p); n != 0 {
		t.Errorf("%d rows still unknown", n)
	}
	s := story(t, e, p)
	if !strings.Contains(s.State, "cancelled (settled by the re-run") || strings.Contains(s.State, "failed") || strings.Contains(s.State, "unknown") {
		t.Errorf("find %s: %q", p, s.State)
	}
}
