package httpx

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Mask replaces a secret wherever it is shown.
const Mask = "****"

// secretNames are header, query, form, JSON field and profile setting
// names whose values are secrets in at least one provider: the one list
// insure keeps (config.IsSecretKey falls back to it). Names are compared
// case-insensitively. "sign" is paoding's md5(userName+md5(password)):
// static per user, so as good as the password.
var secretNames = map[string]bool{
	"password": true, "secret": true, "secretkey": true, "secret_key": true, "secret-key": true,
	"private-key": true, "private_key": true, "privatekey": true,
	"authorization-token": true, "authorization_token": true, "authorization": true,
	"authorizationtoken": true, "token": true, "refreshtoken": true, "sign": true,
	"cookie": true, "set-cookie": true,
}

// IsSecretName reports whether a field, header or setting of that name
// holds a secret.
func IsSecretName(name string) bool { return secretNames[strings.ToLower(name)] }

// Redactor collects secret values and masks them in any text.
type Redactor struct {
	values map[string]bool
}

// NewRedactor starts with the given secret values.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{values: map[string]bool{}}
	for _, s := range secrets {
		r.Add(s)
	}
	return r
}

// Add records a secret value. Values shorter than four characters are
// ignored: masking them would garble unrelated text, and nothing that short
// is a credential worth the name.
func (r *Redactor) Add(v string) {
	if len(v) >= 4 {
		r.values[v] = true
	}
}

// AddFromHeader records the values of secret-named headers.
func (r *Redactor) AddFromHeader(h http.Header) {
	for k, vs := range h {
		if IsSecretName(k) {
			for _, v := range vs {
				r.Add(v)
			}
		}
	}
}

// AddFromValues records the values of secret-named query or form fields.
func (r *Redactor) AddFromValues(q url.Values) {
	for k, vs := range q {
		if IsSecretName(k) {
			for _, v := range vs {
				r.Add(v)
			}
		}
	}
}

// AddFromBody records secret-named fields of a JSON or form body.
func (r *Redactor) AddFromBody(contentType string, body []byte) {
	if len(body) == 0 {
		return
	}
	switch {
	case strings.Contains(contentType, "json") || (len(body) > 0 && (body[0] == '{' || body[0] == '[')):
		if !maySpellSecretName(body) {
			return
		}
		var v any
		if json.Unmarshal(body, &v) == nil {
			r.addJSON(v)
		}
	case strings.Contains(contentType, "x-www-form-urlencoded"):
		if q, err := url.ParseQuery(string(body)); err == nil {
			r.AddFromValues(q)
		}
	}
}

// secretStems are parts of every secret name (a test checks): a body
// holding none of them, in any letter case, has no secret-named member.
var secretStems = []string{"password", "secret", "private", "authoriz", "token", "sign", "cookie"}

// maySpellSecretName reports whether a JSON body could have a member
// named by secretNames. Decoding a body into maps is most of what
// recording an exchange costs, and most bodies (quotations, reports) name
// no secret: one pass over the bytes looks for a stem in ASCII letters of
// either case. A \u escape, or one of the two runes that lower-case to an
// ASCII letter (U+0130 to i, U+212A to k), could spell a name the pass
// does not see, so they count as a match.
func maySpellSecretName(body []byte) bool {
	if bytes.Contains(body, []byte(`\u`)) || bytes.Contains(body, []byte("\u0130")) || bytes.Contains(body, []byte("\u212a")) {
		return true
	}
	byFirst := stemsByFirstLetter()
	for i, c := range body {
		// c|0x20 is an ASCII upper-case letter's lower case; no other byte
		// becomes a stem's first letter.
		for _, st := range byFirst[c|0x20] {
			if len(body)-i >= len(st) && asciiEqualFold(body[i:i+len(st)], st) {
				return true
			}
		}
	}
	return false
}

// stemsByFirstLetter indexes secretStems by their first byte, so that the
// scan above tries only the stems a byte can start (it was a loop over
// all of them for every p, s, a, t and c of a body).
var stemsByFirstLetter = sync.OnceValue(func() *[256][]string {
	var t [256][]string
	for _, st := range secretStems {
		t[st[0]] = append(t[st[0]], st)
	}
	return &t
})

// asciiEqualFold reports whether b equals the lower-case ASCII word w in
// any letter case.
func asciiEqualFold(b []byte, w string) bool {
	for i := range len(w) {
		if b[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}

func (r *Redactor) addJSON(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && IsSecretName(k) {
				r.Add(s)
				continue
			}
			r.addJSON(e)
		}
	case []any:
		for _, e := range t {
			r.addJSON(e)
		}
	}
}

// Apply masks every recorded secret in s, longest first so a secret that
// contains another is masked whole. URL-encoded forms are masked too.
func (r *Redactor) Apply(s string) string {
	if r == nil || len(r.values) == 0 {
		return s
	}
	vals := make([]string, 0, len(r.values)*2)
	for v := range r.values {
		vals = append(vals, v)
		if e := url.QueryEscape(v); e != v {
			vals = append(vals, e)
		}
	}
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	for _, v := range vals {
		s = strings.ReplaceAll(s, v, Mask)
	}
	return s
}
