package api

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/bihu"
)

// loginNames are the parameters a login's secCode covers besides the
// secret key, spelled as the document spells them.
var loginNames = []string{"agentId", "userName", "timestamp", "timeout"}

// loginSpec is what `api bihu login` was given; empty fields are the
// profile's (agent id, user name, session timeout) or the current time.
type loginSpec struct {
	agentID, userName string
	timestamp         *time.Time
	timeout           time.Duration
}

// readLogin reads a login's parameters (-f, --set), so that a given
// timestamp, such as examples/bihu/login.json's, is the one signed and sent
// and the documented worked example can be reproduced. What the login
// cannot sign as given is refused (exit 2) rather than dropped: secCode is
// computed, the secret key never travels in a file, and the timestamp and
// timeout are signed as numbers of seconds.
func readLogin(params map[string]string) (*loginSpec, error) {
	spec := &loginSpec{}
	seen := map[string]string{}
	var bad []failure.FieldError
	for _, k := range sortedKeys(params) {
		v := params[k]
		name := ""
		for _, n := range loginNames {
			if strings.EqualFold(k, n) {
				name = n
			}
		}
		switch {
		case strings.EqualFold(k, bihu.ParamSecCode):
			bad = append(bad, failure.FieldError{Field: k, Rule: "is computed by insure over the other parameters and the profile's secret key; leave it out (insure sign bihu login --verify checks one)"})
		case strings.EqualFold(k, bihu.SecretKeyName):
			bad = append(bad, failure.FieldError{Field: k, Rule: "never goes in a request: it comes from the profile (bihu.secret-key, or INSURE_BIHU_SECRET_KEY)"})
		case name == "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is not a login parameter: a login signs " + strings.Join(loginNames, ", "), Example: "timestamp=1489044754"})
		case seen[name] != "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is given twice (also as " + seen[name] + ")", Example: name + "=..."})
		case v == "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is empty: leave it out to use the profile's (or the current time)"})
		case name == "agentId":
			spec.agentID = v
		case name == "userName":
			spec.userName = v
		case name == "timestamp":
			n, ok := seconds(v)
			if !ok {
				bad = append(bad, failure.FieldError{Field: k, Rule: "is unix seconds, digits only as the secCode covers it (got " + strconv.Quote(v) + ")", Example: "1489044754"})
				break
			}
			t := time.Unix(n, 0)
			spec.timestamp = &t
		case name == "timeout":
			n, ok := seconds(v)
			if !ok || n < 1 || n > int64(time.Duration(1<<63-1)/time.Second) {
				bad = append(bad, failure.FieldError{Field: k, Rule: "is the session length in whole seconds, at least 1 (got " + strconv.Quote(v) + ")", Example: "7200"})
				break
			}
			spec.timeout = time.Duration(n) * time.Second
		}
		if name != "" {
			seen[name] = k
		}
	}
	if len(bad) > 0 {
		return nil, failure.Invalid(bihu.Provider, "login", bad...)
	}
	return spec, nil
}

// seconds parses v as written digits: a form that formats back to itself
// (no sign, no leading zero), since the secCode covers the text sent.
func seconds(v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0 && strconv.FormatInt(n, 10) == v
}

// client is c, or a copy signing the given values. A given timestamp is
// the copy's clock, so only the signature sees it: the session it opens
// starts now on the server, and is cached as such (see restamped).
func (s *loginSpec) client(c *bihu.Client, now func() time.Time) *bihu.Client {
	if s.agentID == "" && s.userName == "" && s.timestamp == nil && s.timeout == 0 {
		return c
	}
	cfg := c.Config()
	if s.agentID != "" {
		cfg.AgentID = s.agentID
	}
	if s.userName != "" {
		cfg.Username = s.userName
	}
	if s.timeout != 0 {
		cfg.SessionTimeout = s.timeout
	}
	if s.timestamp != nil {
		if now == nil {
			now = time.Now
		}
		ts := *s.timestamp
		cfg.Tokens = restamped{Cache: cfg.Tokens, now: now, length: cfg.SessionTimeout}
		cfg.Now = func() time.Time { return ts }
	}
	return bihu.New(cfg)
}

// restamped is a token cache that dates a saved token by the real clock:
// a login signed with a past timestamp still opens a session that lasts
// its timeout from now, and must not be cached as long expired (the next
// command would log in again, or print a wrong expiry).
type restamped struct {
	tokencache.Cache
	now    func() time.Time
	length time.Duration
}

// Save dates t in place, so the login's caller reports the same expiry.
func (r restamped) Save(ctx context.Context, t *tokencache.Token) error {
	t.IssuedAt = r.now()
	t.ExpiresAt = t.IssuedAt.Add(r.length)
	return r.Cache.Save(ctx, t)
}
