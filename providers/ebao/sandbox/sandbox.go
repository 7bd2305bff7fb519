// Package sandbox is a fake eBao Cloud policy service, faithful to the
// provider document: the same three paths, the md5(body + secretKey)
// request signature in the query string, a signed header on every answer
// it can sign, Spring-style error bodies, and a deterministic premium (see
// docs/providers/ebao.md) so tests and demos can assert numbers.
package sandbox

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// Test credentials and catalogue entries the built-in sandbox profile uses.
const (
	// TestAccessKey is the access key from the document's example request.
	TestAccessKey = "TqlLeuUB1w"
	// TestSecretKey is the sandbox's secret; the document does not give one.
	TestSecretKey = "sandbox-ebao-secret-7f3a9c"
	// TestChannelCode is the channel of the document's examples.
	TestChannelCode = "AXA_TP"
	// TestProductID is the product of the document's examples.
	TestProductID = "UbwoOpjMjt:1"
)

// Options configure the sandbox.
type Options struct {
	State state.Store      // nil: a fresh in-memory store
	Now   func() time.Time // nil: time.Now
	// SignatureHeader names the header the answers are signed into
	// (default "signature"), to exercise a profile that sets another name.
	SignatureHeader string
}

type server struct {
	store  state.Store
	now    func() time.Time
	header string
	keys   map[string]string // accessKey -> secretKey
}

// New returns the sandbox, serving the document's paths from "/".
func New(opts Options) http.Handler {
	s := &server{store: opts.State, now: opts.Now, header: opts.SignatureHeader,
		keys: map[string]string{TestAccessKey: TestSecretKey}}
	if s.store == nil {
		s.store = state.NewMemory()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.header == "" {
		s.header = ebao.DefaultSignatureHeader
	}
	return s
}

// maxBody bounds a request body; the document's bodies are about 1 KiB.
const maxBody = 1 << 20

// reply is what a handler produces; ServeHTTP signs and writes it.
type reply struct {
	status int
	body   any
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var handle func(r *http.Request, body []byte) reply
	switch r.URL.Path {
	case ebao.PathQuotation:
		handle = s.quote
	case ebao.PathIssuance:
		handle = s.issue
	case ebao.PathCancellation:
		handle = s.cancel
	default:
		s.write(w, r, "", s.failure(r, http.StatusNotFound, "No message available"))
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.write(w, r, "", s.failure(r, http.StatusMethodNotAllowed, "Request method '"+r.Method+"' not supported"))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	var tooLarge *http.MaxBytesError
	if err != nil && !errors.As(err, &tooLarge) {
		s.write(w, r, "", s.failure(r, http.StatusBadRequest, "could not read the request body"))
		return
	}
	if len(body) > maxBody || tooLarge != nil {
		// Cut short, the body would fail its signature: say what is wrong.
		s.write(w, r, "", s.failure(r, http.StatusRequestEntityTooLarge, "the request body is larger than 1 MiB"))
		return
	}
	q := r.URL.Query()
	if v := q.Get("version"); v != ebao.APIVersion {
		s.write(w, r, "", s.failure(r, http.StatusBadRequest, "unsupported version '"+v+"': this service speaks version 1"))
		return
	}
	secret, known := s.keys[q.Get("accessKey")]
	// Authentication failures go out unsigned: the check runs before the
	// request reaches the signing step, and signing a refusal with the
	// secret the caller failed to prove would help nobody.
	if !known {
		s.write(w, r, "", s.failure(r, http.StatusUnauthorized, "unknown accessKey"))
		return
	}
	if !signedBy(body, secret, q.Get("signature")) {
		s.write(w, r, "", s.failure(r, http.StatusUnauthorized, "signature verification failed: expected the md5 of the request body followed by the secret key, as 32 lower-case hex digits"))
		return
	}
	mt, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		s.write(w, r, secret, s.failure(r, http.StatusUnsupportedMediaType, "Content type '"+r.Header.Get("Content-Type")+"' not supported"))
		return
	}
	// JSON without a charset is UTF-8, and a JSON parser refuses other
	// bytes; Go's decoder would turn them into U+FFFD and carry on, so a
	// GBK file would be quoted here with garbled names. A body declared in
	// another charset is left alone: the document does not say whether the
	// service honours the label.
	if cs, labelled := ctParams["charset"]; (!labelled || strings.EqualFold(cs, "utf-8")) && !utf8.Valid(body) {
		s.write(w, r, secret, s.failure(r, http.StatusBadRequest, "JSON parse error: Invalid UTF-8 in the request body"))
		return
	}
	s.write(w, r, secret, handle(r, body))
}

// signedBy reports whether sig is the request signature of body. The
// service computes the signature itself and compares the strings, so only
// the exact form the project pins (lower-case hex, nothing around it)
// passes; the client is tolerant of case when it reads answers, the fake
// must not be when it reads requests, or a client sending upper case would
// pass here and fail against the service.
func signedBy(body []byte, secret, sig string) bool {
	return subtle.ConstantTimeCompare([]byte(ebao.Sign(body, secret)), []byte(sig)) == 1
}

// springError is the body Tomcat/Spring sends for an error status.
type springError struct {
	Timestamp string `json:"timestamp"`
	Status    int    `json:"status"`
	Error     string `json:"error"`
	Message   string `json:"message"`
	Path      string `json:"path"`
}

func (s *server) failure(r *http.Request, status int, msg string) reply {
	return reply{status, springError{
		Timestamp: s.now().UTC().Format("2006-01-02T15:04:05.000+0000"),
		Status:    status, Error: http.StatusText(status), Message: msg, Path: r.URL.Path,
	}}
}

// bad is a 400 naming the field, as the service's validation answers.
func (s *server) bad(r *http.Request, field, msg string) reply {
	return s.failure(r, http.StatusBadRequest, field+": "+msg)
}

// write encodes the reply and, when the caller's secret is known, signs the
// exact bytes written into the signature header.
func (s *server) write(w http.ResponseWriter, r *http.Request, secret string, rep reply) {
	b, err := json.Marshal(rep.body)
	if err != nil {
		rep = s.failure(r, http.StatusInternalServerError, "could not encode the answer")
		b, _ = json.Marshal(rep.body)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if secret != "" {
		w.Header().Set(s.header, ebao.Sign(b, secret))
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(b)
}
