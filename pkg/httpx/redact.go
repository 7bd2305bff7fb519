package httpx

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	// values are the secrets, each true when the process remembers it
	// too (remember), false when it is this request's alone
	// (AddPerRequest).
	values map[string]bool
	// masker replaces every recorded value in every form encodedForms
	// gives it; built on first Apply, dropped by Add.
	masker *masker
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
func (r *Redactor) Add(v string) { r.add(v, true) }

// AddPerRequest records a value only this Redactor masks: one its request
// alone can hold (Bihu's SecCode, a signature over the request's own
// parameters and time), so it is kept out of the secrets the process
// remembers (redact_known.go), where each new one would cost every later
// batch line time and push out a secret that lasts. Text made outside the
// request's Redactor from its answer must be masked by the caller.
func (r *Redactor) AddPerRequest(v string) { r.add(v, false) }

func (r *Redactor) add(v string, remembered bool) {
	if len(v) < 4 {
		return
	}
	was, ok := r.values[v]
	if !ok {
		r.values[v] = remembered
		r.masker = nil
	}
	if remembered && !was {
		// Also a value that was per-request until now: a secret-named
		// field of the request holds it.
		r.values[v] = true
		remember(v)
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

// Apply masks every recorded secret in s, in every form a server or
// insure itself may write it (encodedForms: URL-, JSON- and XML-escaped,
// base64, hex, GBK), longest first so a secret that contains another is
// masked whole.
func (r *Redactor) Apply(s string) string {
	if r == nil || len(r.values) == 0 {
		return s
	}
	if r.masker == nil {
		r.masker = maskerFor(r.values)
	}
	return r.masker.apply(s)
}

// masker replaces every encoded form of a set of secrets, in any case of
// their ASCII letters (redact_match.go).
type masker struct {
	forms  []string // folded, longest first
	tail   []uint16 // the hash of each form's block ending at minLen
	minLen int      // the shortest form's length, at most 255
	shift  [shiftSize]uint8
}

// maskers are the replacers built for a set of secret values, by the
// values: a batch makes a Redactor per request, nearly always over the
// same secrets, and building the replacer (every encoded form of every
// value, a trie over them) cost more than the request's signature. At
// most maxMaskers are kept; the rest are built each time. A set with a
// per-request value is never met again, so it takes no place.
var (
	maskers     sync.Map // string (the values, sorted, NUL-joined) -> *masker
	maskerCount atomic.Int32
)

const maxMaskers = 64

func maskerFor(values map[string]bool) *masker {
	vals := make([]string, 0, len(values))
	perRequest := false
	for v, remembered := range values {
		vals = append(vals, v)
		perRequest = perRequest || !remembered
	}
	if perRequest {
		lists := make([][]string, 0, len(values))
		for v, remembered := range values {
			lists = append(lists, formsOf(v, remembered))
		}
		return buildMaskerForms(lists)
	}
	sort.Strings(vals)
	key := strings.Join(vals, "\x00")
	if m, ok := maskers.Load(key); ok {
		return m.(*masker)
	}
	m := buildMasker(vals)
	if maskerCount.Load() < maxMaskers {
		if _, loaded := maskers.LoadOrStore(key, m); !loaded {
			maskerCount.Add(1)
		}
	}
	return m
}

func buildMasker(values []string) *masker {
	lists := make([][]string, len(values))
	for i, v := range values {
		lists[i] = foldedForms(v)
	}
	return buildMaskerForms(lists)
}

// buildMaskerForms builds the masker over the folded forms of a set of
// secrets, a list a secret.
func buildMaskerForms(lists [][]string) *masker {
	seen := map[string]bool{}
	var forms []string
	for _, l := range lists {
		for _, f := range l {
			if !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	// Longest first, then by text, so that where two forms match at
	// one place the longer wins (index tries them in this order) and the
	// order does not depend on map iteration.
	sort.Slice(forms, func(i, j int) bool {
		if len(forms[i]) != len(forms[j]) {
			return len(forms[i]) > len(forms[j])
		}
		return forms[i] < forms[j]
	})
	return newMatcher(forms)
}

// foldedForms are v's encoded forms as the masker matches them, folded
// and at least 4 bytes long, kept for the next masker: a Bihu batch
// builds one a request (its new SecCode beside the same secret key), and
// encoding the key again in every form was most of the 50-90 µs it cost.
func foldedForms(v string) []string { return formsOf(v, true) }

// formsOf is foldedForms; a per-request value's forms (lasting false) are
// kept among the recent ones only, as no later request needs them.
func formsOf(v string, lasting bool) []string {
	if f, ok := formsCache.Load(v); ok {
		return f.([]string)
	}
	if f, ok := recentForms.get(v); ok {
		return f
	}
	var out []string
	for _, f := range encodedForms(v) {
		// Matched ignoring ASCII case, forms that differ in it only (a
		// hex digest's two cases) are one.
		if f = foldString(f); len(f) >= 4 {
			out = append(out, f)
		}
	}
	if lasting && formsCount.Load() < maxMaskers {
		if _, loaded := formsCache.LoadOrStore(v, out); !loaded {
			formsCount.Add(1)
		}
	} else {
		recentForms.put(v, out)
	}
	return out
}

// recentForms keeps the forms of the last secrets met once formsCache is
// full, and of the last per-request values: a Bihu batch line's SecCode
// is encoded for each of its request's maskers (the transport's, the
// client's for the answer), once.
var recentForms = formsRing{m: map[string][]string{}}

type formsRing struct {
	mu    sync.Mutex
	m     map[string][]string
	order []string
}

const maxRecentForms = 32

func (r *formsRing) get(v string) ([]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.m[v]
	return f, ok
}

func (r *formsRing) put(v string, forms []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.m[v]; ok {
		return
	}
	r.m[v] = forms
	r.order = append(r.order, v)
	if len(r.order) > maxRecentForms {
		delete(r.m, r.order[0])
		r.order = r.order[1:]
	}
}

var (
	formsCache sync.Map // secret -> its folded forms
	formsCount atomic.Int32
)

// MaskingWriter writes to w what it is given with every secret the process
// knows masked (MaskKnown), one Write at a time. net/http reports through
// the standard logger: bytes a server sent on an idle connection (an
// answer longer than its Content-Length, quoted up to 4 KiB), a TLS
// handshake a sandbox server refused. Those bytes can be an answer's, so
// main sends the logger's lines through it to stderr.
func MaskingWriter(w io.Writer) io.Writer { return maskingWriter{w} }

type maskingWriter struct{ w io.Writer }

func (m maskingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, MaskKnown(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
