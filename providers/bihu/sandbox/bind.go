package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// duplicateError is a request naming one bound parameter twice, in the
// same or another case, in its JSON body or its query string. The server
// binds names without regard to case, so the two would compete for one
// parameter; which one wins is nowhere documented, and a fake that let
// Go's map order pick (as it once did) answered the same request 200 or
// 406 at random. It is refused instead.
type duplicateError struct{ first, second string }

func (e *duplicateError) Error() string {
	if e.first == e.second {
		return e.first + " 重复出现"
	}
	return e.first + " 与 " + e.second + " 重复（参数名不区分大小写）"
}

// binder follows the bound names one request gives, so that params and
// query refuse a repeated one alike.
type binder struct {
	bound []string          // the names the server binds, lower case
	spelt map[string]string // lower-cased bound name -> as first given
}

func newBinder(bound []string) *binder {
	return &binder{bound: bound, spelt: map[string]string{}}
}

// bind returns name in lower case and whether the server binds it; a
// bound name given before, in any case, is a *duplicateError.
func (b *binder) bind(name string) (lower string, bound bool, err error) {
	lower = strings.ToLower(name)
	if !slices.Contains(b.bound, lower) {
		return lower, false, nil
	}
	if first, seen := b.spelt[lower]; seen {
		return lower, true, &duplicateError{first, name}
	}
	b.spelt[lower] = name
	return lower, true, nil
}

// params reads a JSON object into lower-cased keys, since ASP.NET binds
// field names without regard to case. Strings and numbers are both
// accepted (the documents' own examples send numbers); null is empty.
// With utf8Only, bytes that are not UTF-8 are refused, where the JSON
// decoder would quietly turn them into U+FFFD and carry on: the renewal
// document states the charset, the login document does not.
//
// Only the keys named in bound (lower case) must be strings or numbers,
// and only they may not appear twice (a *duplicateError): a key the
// server does not bind is ignored whatever its type, as ASP.NET binding
// ignores it. spelt maps each bound key given to its spelling in the
// body, which the renewal's SecCode is computed over.
func params(r *http.Request, utf8Only bool, bound ...string) (values, spelt map[string]string, err error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) || len(raw) > maxBody {
		// Cut short, the body would bind as something it is not.
		return nil, nil, errTooLarge
	}
	if err != nil {
		return nil, nil, err
	}
	if utf8Only && !utf8.Valid(raw) {
		return nil, nil, errMalformed
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, errMalformed
	}
	out := map[string]string{}
	b := newBinder(bound)
	for dec.More() {
		t, err := dec.Token()
		k, isKey := t.(string)
		if err != nil || !isKey {
			return nil, nil, errMalformed
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, errMalformed
		}
		lk, isBound, err := b.bind(k)
		if err != nil {
			return nil, nil, err
		}
		switch v := v.(type) {
		case string:
			out[lk] = v
		case json.Number:
			out[lk] = v.String()
		case nil:
			out[lk] = ""
		default:
			if isBound {
				return nil, nil, errMalformed
			}
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, nil, errMalformed
	}
	return out, b.spelt, nil
}

// query reads the bound query parameters into lower-cased keys, refusing
// a bound name given twice as params does (a *duplicateError): ASP.NET
// would join the two values with a comma, and nothing says which a
// partner meant. The pairs are read in the order sent, so the refusal
// names them in that order, and split as net/url splits them: a pair it
// drops (a bad escape, a semicolon) is dropped here too.
func query(r *http.Request, bound ...string) (map[string]string, error) {
	out := map[string]string{}
	b := newBinder(bound)
	for rest := r.URL.RawQuery; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, kerr := url.QueryUnescape(k)
		v, verr := url.QueryUnescape(v)
		if kerr != nil || verr != nil {
			continue
		}
		lk, isBound, err := b.bind(k)
		if err != nil {
			return nil, err
		}
		if isBound {
			out[lk] = v
		}
	}
	return out, nil
}
