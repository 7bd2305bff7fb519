// Package sandbox is a fake Bihu server, faithful to its documents: the
// same paths (routed without regard to case, as the ASP.NET original does),
// the same secCode checks with the agent's secret, the same HTTP statuses,
// and sessions that end after the timeout asked for at login.
//
// Which vehicles renew is a sandbox rule, written down in
// docs/providers/bihu.md: a plate or VIN whose last character is an even
// digit has a renewal record (200), anything else has none (206).
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
)

// Test credentials, used by the built-in sandbox profile. They protect
// nothing: the sandbox only runs on loopback.
const (
	TestAgentID   = "102"
	TestUsername  = "insure-test"
	TestSecretKey = "bihu-sandbox-secret"
)

// lastEnd is the latest a session may end. The login document sets no
// ceiling on the timeout, so none is refused; but the expiry index keys
// rows by Unix nanoseconds, which run out in April 2262, and a later end
// would be swept as already over. A longer session ends here instead: a
// limit of the sandbox's own, which no caller will live to see.
var lastEnd = time.Date(2262, time.January, 1, 0, 0, 0, 0, time.UTC)

// maxBody bounds a request body; real requests are a few hundred bytes.
const maxBody = 64 << 10

// Options configures the sandbox.
type Options struct {
	State state.Store
	Now   func() time.Time
	// Agents maps agent ids to secret keys; nil means only TestAgentID
	// with TestSecretKey.
	Agents map[string]string
	// Admins are the user names that may open Customer/list; nil means
	// TestUsername.
	Admins []string
}

// The sandbox's state is rows (pkg/sandbox/state), each read by its key,
// so a request costs the same however many sessions and renewals are
// stored: open sessions by login token, and renewal records by
// RenewalToken. Both end with the session that created them; an expiry
// index deletes them a few at a time once they have ended.
const (
	kindSession = "bihu.session"
	kindRenewal = "bihu.renewal"
)

const expiry = state.Expiry("bihu.expiry")

// sweepEnded is how many ended rows a login or a renewal deletes: more
// than the two index entries a renewal adds, so the rows keep pace.
const sweepEnded = 4

// Session is one login.
type Session struct {
	AgentID   string    `json:"agentId"`
	UserName  string    `json:"userName"`
	IssuedAt  time.Time `json:"issuedAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// Renewal is one successful lookup, kept so the quote page can show it.
type Renewal struct {
	Token     string    `json:"token"`
	LicenseNo string    `json:"licenseNo,omitempty"`
	CarVin    string    `json:"carVin,omitempty"`
	EngineNo  string    `json:"engineNo,omitempty"`
	CityCode  string    `json:"cityCode"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// session is the token's session, nil when it is not open (never opened,
// signed out or ended).
func session(tx state.Tx, token string, now time.Time) (*Session, error) {
	if token == "" {
		return nil, nil
	}
	var v Session
	if ok, err := state.GetJSON(tx, kindSession, token, &v); !ok || err != nil {
		return nil, err
	}
	if !now.Before(v.ExpiresAt) {
		return nil, nil
	}
	return &v, nil
}

// renewal is the renewal record, nil unless it was made in the token's
// session and that session is still open.
func renewal(tx state.Tx, renewalToken, token string, now time.Time) (*Renewal, error) {
	if renewalToken == "" {
		return nil, nil
	}
	sess, err := session(tx, token, now)
	if err != nil || sess == nil {
		return nil, err
	}
	var v Renewal
	if ok, err := state.GetJSON(tx, kindRenewal, renewalToken, &v); !ok || err != nil {
		return nil, err
	}
	if v.Token != token || !now.Before(v.ExpiresAt) {
		return nil, nil
	}
	return &v, nil
}

// SessionOpen reports whether a login token's session is open in a
// sandbox's state: tests check that a sign-out reached the server.
func SessionOpen(ctx context.Context, st state.Store, token string) (bool, error) {
	open := false
	err := st.Tx(ctx, func(tx state.Tx) error {
		v, err := session(tx, token, time.Now())
		open = v != nil
		return err
	})
	return open, err
}

// ForgetSessions ends every session, as a server that lost them would
// (tests exercise a client's answer to 403 this way). Unlike a request,
// it costs as many rows as there are sessions.
func ForgetSessions(ctx context.Context, st state.Store) error {
	for {
		n := 0
		err := st.Tx(ctx, func(tx state.Tx) error {
			rows, err := tx.Rows(kindSession, "", "", 1000)
			n = len(rows)
			for _, r := range rows {
				if err := tx.Delete(kindSession, r.Key); err != nil {
					return err
				}
			}
			return err
		})
		if err != nil || n == 0 {
			return err
		}
	}
}

type server struct {
	store  state.Store
	now    func() time.Time
	agents map[string]string
	admins []string
}

// New returns the sandbox handler, serving the document's paths from /.
func New(opts Options) http.Handler {
	s := &server{store: opts.State, now: opts.Now, agents: opts.Agents, admins: opts.Admins}
	if s.admins == nil {
		s.admins = []string{TestUsername}
	}
	if s.store == nil {
		s.store = state.NewMemory()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.agents == nil {
		s.agents = map[string]string{TestAgentID: TestSecretKey}
	}
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch strings.ToLower(strings.TrimSuffix(r.URL.Path, "/")) {
	case "/unite/login":
		s.login(w, r)
	case "/unite/unitecheckrenewal":
		s.renewal(w, r)
	case "/unite/signout":
		s.signOut(w, r)
	case "/doquote/selectinsurancenew":
		s.page(w, r, pageQuote)
	case "/doquote/replenishinfo":
		s.page(w, r, pageReplenish)
	case "/doquote/index":
		s.page(w, r, pageIndex)
	case "/customer/checklist":
		s.page(w, r, pageCheckList)
	case "/customer/list":
		s.page(w, r, pageCustomers)
	default:
		http.NotFound(w, r)
	}
}

// tx runs fn on the state's rows in one transaction.
func (s *server) tx(r *http.Request, fn func(tx state.Tx) error) error {
	return s.store.Tx(r.Context(), fn)
}

// answer writes Bihu's JSON shape; the HTTP status is what matters to
// clients, and code repeats it.
func answer(w http.ResponseWriter, status int, msg string, extra map[string]string) {
	body := map[string]any{"code": status, "msg": msg}
	for k, v := range extra {
		body[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// The status messages the documents give, answered in msg, with what went
// wrong after a full-width colon where the sandbox can say.
const (
	msgLoginFailed  = "失败"
	msgUnauthorised = "未授权,服务器拒绝请求"
	msgVerification = "验证不通过"
	msgParams       = "参数校验不通过"
	msgInternal     = "请求接口内部错误"
)

// secretParam is the secret key's name as params binds it. Every document
// hashes the secret key into the secCode, and the renewal document says it
// is never passed as a parameter (the authorisation page: keep it secret):
// a body that carries it, under any case, is refused. msgSecretSent says
// so without quoting the value.
const (
	secretParam   = "secretkey"
	msgSecretSent = "secretKey 只参与 secCode 的计算，不能作为参数传递（请从请求中去掉它，并考虑更换已泄露的密钥）"
)

func internalError(w http.ResponseWriter) {
	answer(w, http.StatusInternalServerError, msgInternal, nil)
}

// errMalformed marks a body or value the server cannot bind.
var errMalformed = errors.New("malformed")

// errTooLarge is a body over maxBody. No document has a code for it: the
// sandbox answers 413, in the documents' {code, msg} shape.
var errTooLarge = errors.New("request body too large")

// refusedTooLarge answers 413 when err is errTooLarge.
func refusedTooLarge(w http.ResponseWriter, err error) bool {
	if !errors.Is(err, errTooLarge) {
		return false
	}
	w.Header().Set("Connection", "close")
	answer(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("请求体超过 %d KiB", maxBody>>10), nil)
	return true
}

func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
