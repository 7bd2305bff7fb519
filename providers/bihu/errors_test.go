package bihu_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

func TestRenewal206NeedsLicence(t *testing.T) {
	e := newEnv(t)
	res, err := e.client().Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京A12345"})
	if res == nil {
		t.Fatalf("206 returned no result: %v", err)
	}
	fe := failureOf(t, err, failure.Refused, "206", res.Token)
	if fe.ExitCode() != 4 || !strings.Contains(fe.Hint, "licence details must be completed") ||
		!strings.Contains(fe.Hint, "/DoQuote/ReplenishInfo?Token=****&LicenseNo=") {
		t.Errorf("hint %q", fe.Hint)
	}
	url, ok := bihu.ReplenishURL(err)
	if !ok || res == nil || res.ReplenishURL != url || res.HTTPStatus != 206 || res.RenewalToken != "" {
		t.Fatalf("206 result %+v", res)
	}
	status, page := get(t, url)
	if status != 200 || !strings.Contains(page, res.Token) || !strings.Contains(page, "京A12345") || !strings.Contains(page, "ReplenishInfo") {
		t.Errorf("replenish page: HTTP %d", status)
	}
}

func TestRenewal403AfterRelogin(t *testing.T) {
	e := newEnv(t)
	// The server forgets every session before each lookup, as if signed
	// out elsewhere: the one re-login cannot help.
	e.setFault(func(w http.ResponseWriter, r *received) bool {
		if r.Path == "/unite/unitecheckrenewal" {
			_ = sandbox.ForgetSessions(context.Background(), e.store)
		}
		return false
	})
	c := e.client()
	_, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	fe := failureOf(t, err, failure.Auth, "403")
	if fe.ExitCode() != 3 || !strings.Contains(fe.Hint, "token") {
		t.Errorf("hint %q", fe.Hint)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal", "POST /unite/login", "POST /unite/unitecheckrenewal")
}

func TestLogin403UnknownAgent(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	cfg.AgentID = "999"
	_, err := bihu.New(cfg).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	failureOf(t, err, failure.Auth, "403")
	wantPaths(t, e, "POST /unite/login")
}

func TestLogin406WrongSecret(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	cfg.SecretKey = "not-the-secret"
	_, err := bihu.New(cfg).Login(context.Background())
	fe := failureOf(t, err, failure.Auth, "406", "not-the-secret")
	if !strings.Contains(fe.Message, "agentId=102&userName=insure-test&secretKey=****&timestamp=1489044754&timeout=7200") {
		t.Errorf("message %q lacks the masked canonical string", fe.Message)
	}
}

func TestRenewal406WrongSecret(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tok, err := e.client().Login(ctx) // a good session in the shared cache
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.config()
	cfg.SecretKey = "not-the-secret"
	_, err = bihu.New(cfg).Renew(ctx, bihu.RenewalRequest{LicenseNo: "京J97896"})
	fe := failureOf(t, err, failure.Auth, "406", "not-the-secret", tok.Value)
	if !strings.Contains(fe.Message, "AgentId=102&CityCode=1&LicenseNo=京J97896&secretKey=****&TimeStamp=1489044754&Token=****") {
		t.Errorf("message %q lacks the masked canonical string", fe.Message)
	}
}

func TestRenewal412(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res, err := c.RenewParams(context.Background(), map[string]string{"LicenseNo": "京J97896", "CityCode": "99"})
	if res != nil {
		t.Error("a 412 returned a result")
	}
	tok, _ := e.tokens.Load(context.Background())
	fe := failureOf(t, err, failure.Refused, "412", tok.Value)
	if !strings.Contains(fe.Message, "CityCode=99") || !strings.Contains(fe.Message, "Token=****") ||
		!strings.Contains(fe.Message, "SecCode=****") || !strings.Contains(fe.Message, "不是已开通的投保城市") {
		t.Errorf("message %q", fe.Message)
	}
}

// A clock centuries ahead sends an eleven-digit timestamp, which the
// sandbox, like the document, does not take for unix seconds: the login
// fails (416), and the client says with which user and timeout.
func TestLogin416(t *testing.T) {
	e := newEnv(t)
	e.clock.Add(time.Unix(10_000_000_000, 0).Sub(e.clock.Now()))
	_, err := e.client().Token(context.Background())
	fe := failureOf(t, err, failure.Auth, "416")
	if !strings.Contains(fe.Message, "7200s") || !strings.Contains(fe.Message, "timestamp") || fe.Hint == "" {
		t.Errorf("message %q hint %q", fe.Message, fe.Hint)
	}
}

// The login document sets no ceiling on the session timeout: a profile
// asking for 90 days gets them, and the client caches the token as long.
func TestLoginLongSessionTimeout(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	cfg.SessionTimeout = 90 * 24 * time.Hour
	c := bihu.New(cfg)
	tok, err := c.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := e.last("/unite/login").Body["timeout"]; got != "7776000" {
		t.Errorf("timeout sent %v", got)
	}
	e.clock.Add(60 * 24 * time.Hour)
	if _, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"}); err != nil {
		t.Fatal(err)
	}
	// One login: the sandbox did not answer 403 sixty days on.
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal")
	if want := e.clock.Now().Add(30 * 24 * time.Hour); !tok.ExpiresAt.Equal(want) {
		t.Errorf("token cached until %v, want %v", tok.ExpiresAt, want)
	}
}

// fail500 answers 500 to the first n renewals.
func fail500(e *env, n int) {
	e.setFault(func(w http.ResponseWriter, r *received) bool {
		if r.Path != "/unite/unitecheckrenewal" || n == 0 {
			return false
		}
		n--
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":500,"msg":"internal error"}`))
		return true
	})
}

func TestRenewal500Retried(t *testing.T) {
	e := newEnv(t)
	fail500(e, 1)
	if _, err := e.client().Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"}); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal", "POST /unite/unitecheckrenewal")

	// The shared idempotent policy (httpx.Idempotent): three attempts.
	e = newEnv(t)
	fail500(e, 3)
	_, err := e.client().Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	fe := failureOf(t, err, failure.Network, "500")
	if fe.ExitCode() != 5 || fe.Unknown || !strings.Contains(fe.Hint, "safe") || !strings.Contains(fe.Message, "3 attempts") {
		t.Errorf("500: exit %d unknown %v hint %q message %q", fe.ExitCode(), fe.Unknown, fe.Hint, fe.Message)
	}
	wantPaths(t, e, "POST /unite/login", "POST /unite/unitecheckrenewal", "POST /unite/unitecheckrenewal", "POST /unite/unitecheckrenewal")
}

func TestTransportFailureIsNetwork(t *testing.T) {
	e := newEnv(t)
	cfg := e.config()
	e.srv.Close()
	_, err := bihu.New(cfg).Token(context.Background())
	fe := failureOf(t, err, failure.Network, "")
	if fe.Unknown {
		t.Error("a login is marked as having an unknown outcome")
	}
}

func TestInvalidInputSendsNothing(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, req := range []bihu.RenewalRequest{
		{LicenseNo: "京AD12345"}, {LicenseNo: "京A1234"}, {CarVin: "LS4ASE2A2GJ13702O"}, {CarVin: "LS4ASE2A2GJ137027"}, {},
	} {
		_, err := c.Renew(context.Background(), req)
		if fe := failureOf(t, err, failure.Usage, ""); fe.ExitCode() != 2 || len(fe.Fields) == 0 {
			t.Errorf("%+v: %v", req, err)
		}
	}
	cfg := e.config()
	cfg.SecretKey = ""
	_, err := bihu.New(cfg).Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	if fe := failureOf(t, err, failure.Usage, ""); len(fe.Fields) != 1 || fe.Fields[0].Field != "secret-key" {
		t.Errorf("missing secret: %v", err)
	}
	wantPaths(t, e)
}

func TestSignOut(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.client()
	tok, err := c.Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	q := e.last("/unite/SignOut").Query
	_, want := bihu.SignOutSecCode("102", sandbox.TestSecretKey, tok.Value, false)
	if q["agentId"] != "102" || q["token"] != tok.Value || q["secCode"] != want {
		t.Error("sign-out query is not agentId, token and its secCode")
	}
	if cached, _ := e.tokens.Load(ctx); cached != nil {
		t.Error("token still cached after sign-out")
	}
	if e.sessionOpen(tok.Value) {
		t.Error("session still open on the sandbox")
	}
	// Nothing cached: nothing to send.
	if err := c.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	// A session the server has already ended (403) counts as signed out.
	if err := e.tokens.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := c.SignOut(ctx); err != nil {
		t.Fatalf("403 sign-out: %v", err)
	}
	wantPaths(t, e, "POST /unite/login", "GET /unite/SignOut", "GET /unite/SignOut")
}

func TestSignOutErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tok, err := e.client().Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.config()
	cfg.SecretKey = "not-the-secret"
	fe := failureOf(t, bihu.New(cfg).SignOut(ctx), failure.Auth, "406", "not-the-secret", tok.Value)
	if !strings.Contains(fe.Message, "agentId=102&secretKey=****&token=****") {
		t.Errorf("message %q", fe.Message)
	}
	// The sign-out has its sign command, and the token it needs is kept.
	if !strings.Contains(fe.Hint, "insure sign bihu signout --token") || !strings.Contains(fe.Hint, "insure token show --provider bihu") {
		t.Errorf("hint %q does not point to the sign-out's sign command", fe.Hint)
	}
	e.setFault(func(w http.ResponseWriter, r *received) bool {
		w.WriteHeader(http.StatusInternalServerError)
		return true
	})
	err = e.client().SignOut(ctx)
	failureOf(t, err, failure.Network, "500", tok.Value)
	if cached, _ := e.tokens.Load(ctx); cached == nil {
		t.Error("a failed sign-out forgot the token")
	}
	e.setFault(func(w http.ResponseWriter, r *received) bool { http.NotFound(w, nil); return true })
	var fe2 *failure.Error
	// Not a documented status: the shared table says the endpoint refused.
	if err := e.client().SignOut(ctx); !errors.As(err, &fe2) || fe2.Kind != failure.Refused {
		t.Errorf("404: %v", err)
	}
}

// A 500 with an empty body read "server error (after 3 attempts)
// (server said: an empty body)": the server said nothing; what it sent
// was empty. It now says the server failed, with the status.
func TestRenewal500WithAnEmptyBodySaysWhatCame(t *testing.T) {
	e := newEnv(t)
	e.setFault(func(w http.ResponseWriter, r *received) bool {
		if r.Path != "/unite/unitecheckrenewal" {
			return false
		}
		w.WriteHeader(http.StatusInternalServerError)
		return true
	})
	_, err := e.client().Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	fe := failureOf(t, err, failure.Network, "500")
	if !strings.HasPrefix(fe.Message, "the server failed (HTTP 500)") || strings.Contains(fe.Message, "server said") || !strings.Contains(fe.Message, "(the answer was an empty body)") {
		t.Errorf("message %q", fe.Message)
	}
}
