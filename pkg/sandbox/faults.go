package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/registry"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Fault is one injected failure: requests to Provider whose path (below the
// provider's prefix) starts with PathPrefix get Kind.
//
// The spec is a comma-separated list of PROVIDER[:PATH]=KIND, where KIND is
//
//	tamper          change one character of the response body after it was signed
//	status:CODE     answer CODE with an empty body
//	delay:DURATION  wait before answering (use more than --timeout for a timeout)
//	drop            close the connection without answering
//	act-then-status:CODE
//	                serve the request (an order is placed, a policy issued),
//	                then throw the answer away and answer CODE with an empty body
//	act-then-drop   serve the request, then close the connection without answering
//	act-after:DURATION
//	                serve the request only after DURATION, even if the client has
//	                given up by then (a platform that places an order late)
//	body:gbk        serve the request, then send its answer re-encoded in GBK
//	                under the same (UTF-8) Content-Type: a mislabelled charset
//	body:html       serve the request, then answer an HTML page with its status
//	body:truncate   serve the request, then send only the first half of its body
//	body:empty      serve the request, then send its status with an empty body
//	code:CODE       answer the provider's business code CODE in its own envelope,
//	                without serving the request (a provider whose fake documents
//	                its codes: paoding:/4s/report/buy=code:30010)
//
// for example "ebao=tamper,paoding:/4s/report/buy=drop". The same spec is
// read from INSURE_SANDBOX_FAULTS by the in-process sandbox.
type Fault struct {
	Provider   string
	PathPrefix string
	Kind       string
	Status     int
	Delay      time.Duration
	// Code is the business code of a code:CODE fault.
	Code string
	// Body is how a body:KIND fault spoils the answer.
	Body string
}

// ParseFaults reads a fault spec.
func ParseFaults(spec string) ([]Fault, error) {
	var out []Fault
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		target, kind, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("fault %q: want PROVIDER[:PATH]=KIND, for example ebao=tamper", part)
		}
		f := Fault{}
		f.Provider, f.PathPrefix, _ = strings.Cut(target, ":")
		f.Provider, f.PathPrefix = strings.TrimSpace(f.Provider), strings.TrimSpace(f.PathPrefix)
		name, arg, hasArg := strings.Cut(strings.TrimSpace(kind), ":")
		f.Kind = name
		switch name {
		case "tamper", "drop", "act-then-drop":
			// An argument would be ignored: drop:5s is not a delay.
			if hasArg {
				return nil, fmt.Errorf("fault %q: %s takes no argument, for example %s=%s", part, name, orExample(f.Provider), name)
			}
		case "status", "act-then-status":
			n, err := strconv.Atoi(arg)
			if err != nil || n < 100 || n > 599 {
				return nil, fmt.Errorf("fault %q: %s needs an HTTP code, for example %s=%s:503", part, name, orExample(f.Provider), name)
			}
			f.Status = n
		case "body":
			switch arg {
			case "gbk", "html", "truncate", "empty":
			default:
				return nil, fmt.Errorf("fault %q: body needs gbk, html, truncate or empty, for example bihu=body:gbk", part)
			}
			f.Body = arg
		case "code":
			if strings.TrimSpace(arg) == "" {
				return nil, fmt.Errorf("fault %q: code needs the provider's business code, for example paoding:/4s/report/buy=code:30010", part)
			}
			f.Code = strings.TrimSpace(arg)
		case "delay", "act-after":
			d, err := time.ParseDuration(arg)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("fault %q: %s needs a positive duration, for example %s=%s:5s", part, name, orExample(f.Provider), name)
			}
			f.Delay = d
		default:
			return nil, fmt.Errorf("fault %q: unknown kind %q (tamper, status:CODE, code:CODE, body:gbk|html|truncate|empty, delay:DURATION, drop, act-then-status:CODE, act-then-drop, act-after:DURATION), for example %s=tamper", part, name, orExample(f.Provider))
		}
		out = append(out, f)
	}
	return out, nil
}

// orExample is the provider a fault named, for an example in an error
// message, or a placeholder when it named none (the registry, not this
// parser, knows the providers' names).
func orExample(provider string) string {
	if provider == "" {
		return "PROVIDER"
	}
	return provider
}

// CheckFaults refuses a fault that can never fire: one naming a provider
// the sandbox does not serve (a typo, or another case), or a path that
// does not start with "/" (paths are matched below the provider's prefix,
// from their leading slash). Either was accepted, and the sandbox then
// answered normally as if the fault were in place.
func CheckFaults(faults []Fault, providers []string) error {
	for _, f := range faults {
		if !slices.Contains(providers, f.Provider) {
			msg := fmt.Sprintf("no provider %q in the sandbox, which serves %s (e.g. ebao=tamper)", f.Provider, strings.Join(providers, ", "))
			if near := registry.Closest(f.Provider, providers); near != "" {
				msg += "; did you mean " + near + "?"
			}
			return errors.New(msg)
		}
		if f.PathPrefix != "" && !strings.HasPrefix(f.PathPrefix, "/") {
			return fmt.Errorf("the fault's path %q needs its leading / (paths are below the provider's prefix): %s:/%s",
				f.PathPrefix, f.Provider, f.PathPrefix)
		}
	}
	return nil
}

// FaultError is a fault New cannot inject (a business code the fake does
// not document): the spec is wrong, not the sandbox, so callers report it
// as a usage error rather than a failure to start.
type FaultError struct{ Err error }

func (e *FaultError) Error() string { return e.Err.Error() }
func (e *FaultError) Unwrap() error { return e.Err }

func (f Fault) matches(provider, path string) bool {
	return f.Provider == provider && strings.HasPrefix(path, f.PathPrefix)
}

// withFaults wraps one provider's handler. A code:CODE fault needs the
// fake's Code hook, which builds its answer; a fake without one, or one
// that does not document the code, is an error, so a mistyped spec fails
// when the sandbox starts rather than by answering something else.
func withFaults(p Provider, faults []Fault, life *lifecycle) (http.Handler, error) {
	provider, h := p.Name, p.Handler
	var mine []Fault
	coded := map[string]http.Handler{}
	for _, f := range faults {
		if f.Provider != provider {
			continue
		}
		mine = append(mine, f)
		if f.Kind != "code" || coded[f.Code] != nil {
			continue
		}
		if p.Code == nil {
			return nil, &FaultError{fmt.Errorf("fault %s=code:%s: the %s sandbox has no business codes to inject; use status:CODE", provider, f.Code, provider)}
		}
		ch, err := p.Code(f.Code)
		if err != nil {
			return nil, &FaultError{fmt.Errorf("fault %s=code:%s: %w", provider, f.Code, err)}
		}
		coded[f.Code] = ch
	}
	if len(mine) == 0 {
		return h, nil
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, f := range mine {
			if !f.matches(provider, r.URL.Path) {
				continue
			}
			switch f.Kind {
			case "delay":
				t := time.NewTimer(f.Delay)
				select {
				case <-t.C:
				case <-r.Context().Done():
					t.Stop()
					return
				case <-life.stopping:
					// The server stops: it will not answer after all.
					t.Stop()
					drop(w)
					return
				}
			case "status":
				w.WriteHeader(f.Status)
				return
			case "code":
				coded[f.Code].ServeHTTP(w, r)
				return
			case "drop":
				drop(w)
				return
			case "act-then-status":
				h.ServeHTTP(&recorder{header: http.Header{}}, r)
				w.WriteHeader(f.Status)
				return
			case "act-then-drop":
				h.ServeHTTP(&recorder{header: http.Header{}}, r)
				drop(w)
				return
			case "act-after":
				actAfter(w, r, f.Delay, h, life)
				return
			case "body":
				rec := &recorder{header: http.Header{}}
				h.ServeHTTP(rec, r)
				for k, v := range rec.header {
					w.Header()[k] = v
				}
				w.Header().Del("Content-Length")
				b := spoil(f.Body, rec.body.Bytes())
				if f.Body == "html" {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
				}
				w.WriteHeader(rec.statusOr200())
				_, _ = w.Write(b)
				return
			case "tamper":
				rec := &recorder{header: http.Header{}}
				h.ServeHTTP(rec, r)
				for k, v := range rec.header {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.statusOr200())
				_, _ = w.Write(tamper(rec.body.Bytes()))
				return
			}
		}
		h.ServeHTTP(w, r)
	}), nil
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// actAfter serves r after d whether or not the client still waits: the
// body is read now, the handler runs later on a copy whose context the
// client cannot cancel. A client still waiting gets the answer. If the
// server stops before d, the act is never made and a client still waiting
// loses its connection; an act already under way is finished first.
func actAfter(w http.ResponseWriter, r *http.Request, d time.Duration, h http.Handler, life *lifecycle) {
	// Bounded like any sandbox request: no document describes a request
	// near this size.
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		drop(w)
		return
	}
	late := r.Clone(context.WithoutCancel(r.Context()))
	late.Body = io.NopCloser(bytes.NewReader(body))
	rec := &recorder{header: http.Header{}}
	if !life.begin() {
		drop(w)
		return
	}
	done := make(chan struct{})
	acted := false
	go func() {
		defer life.late.Done()
		defer close(done)
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-life.stopping:
			return
		}
		h.ServeHTTP(rec, late)
		acted = true
	}()
	select {
	case <-done:
	case <-r.Context().Done():
		return
	}
	if !acted {
		drop(w)
		return
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.statusOr200())
	_, _ = w.Write(rec.body.Bytes())
}

// spoil is a body:KIND fault's version of an answer body.
func spoil(kind string, b []byte) []byte {
	switch kind {
	case "gbk":
		out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
		if err != nil {
			return b
		}
		return out
	case "html":
		return []byte("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n")
	case "truncate":
		return bytes.Clone(b[:len(b)/2])
	}
	return nil
}

// tamper changes the first digit of the body (or, with none, its last
// byte) so the body still parses but its signature no longer matches.
func tamper(b []byte) []byte {
	out := bytes.Clone(b)
	from := max(bytes.Index(out, []byte("<Response>")), 0) // Sunshine signs only <Response>: change what is signed
	// Digits of a character reference (&#10;) would make it unreadable, not unsigned.
	inRef := false
	for i, c := range out {
		inRef = c == '&' || (inRef && c != ';')
		if c >= '0' && c <= '9' && i >= from && !inRef {
			out[i] = '0' + (c-'0'+1)%10
			return out
		}
	}
	// No digit: flip the case of the first letter of element text.
	for i := from + 1; i < len(out); i++ {
		if c := out[i] | 0x20; out[i-1] == '>' && c >= 'a' && c <= 'z' {
			out[i] ^= 0x20
			return out
		}
	}
	if len(out) > 0 {
		out[len(out)-1] ^= 1
	}
	return out
}

type recorder struct {
	header http.Header
	body   bytes.Buffer
	status int
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) statusOr200() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// Hijack lets a wrapped handler that hijacks still compile against the
// recorder; the sandboxes never do.
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return nil, nil, fmt.Errorf("hijack not supported while tampering")
}
