package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// isKnown says whether the process remembers v.
func isKnown(v string) bool {
	known.mu.Lock()
	defer known.mu.Unlock()
	return known.settled[v] != nil || known.fresh[v] != nil
}

// perRequestEcho answers 406 with a message quoting the request's
// signature, in the letter case it was sent and in lower case.
func perRequestEcho(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		code := strings.TrimPrefix(string(b), "SecCode=")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotAcceptable)
		fmt.Fprintf(w, `{"code":406,"msg":"SecCode %s (%s) does not match"}`, code, strings.ToLower(code))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A per-request value (Bihu's SecCode) is masked wherever its request is
// shown, the server's echo of it included, in any letter case: the wire
// log, the journal row (its verdict too), --dry-run and --curl text. The
// process does not remember it, while the request's lasting secret is
// remembered as before.
func TestPerRequestValueIsMaskedButNotRemembered(t *testing.T) {
	const key = "perrequest-profile-key-7Q2"
	srv := perRequestEcho(t)
	for i := range 3 {
		code := fmt.Sprintf("%032X", 0xC0DE0000+i)
		var log bytes.Buffer
		j := &memJournal{}
		rq := Request{Provider: "bihu", Operation: "renewal", Method: http.MethodPost, URL: srv.URL,
			Body: []byte("SecCode=" + code), Secrets: []string{key}, PerRequest: []string{code},
			Judge: func(r *Response) error {
				return errors.New(string(r.Body))
			}}
		resp, err := Send(context.Background(), NewClient(Options{Verbose: &log, Journal: j, Profile: "p"}), rq)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(resp.Body), strings.ToLower(code)) {
			t.Fatalf("the server did not echo the value: %s", resp.Body)
		}
		if len(j.entries) != 1 || j.entries[0].Verdict == nil {
			t.Fatalf("journal: %+v", j.entries)
		}
		e := j.entries[0]
		for name, text := range map[string]string{"wire log": log.String(), "journal request": e.Request,
			"journal response": e.Response, "journal verdict": e.Verdict.Message} {
			if strings.Contains(strings.ToUpper(text), code) {
				t.Errorf("%s shows the value: %s", name, text)
			}
		}
		for name, text := range map[string]string{"wire log": log.String(), "journal response": e.Response, "journal verdict": e.Verdict.Message} {
			if !strings.Contains(text, "SecCode "+Mask+" ("+Mask+")") {
				t.Errorf("%s lost the echo's text: %s", name, text)
			}
		}
		for _, curl := range []bool{false, true} {
			var out bytes.Buffer
			_, err := Send(context.Background(), NewClient(Options{DryRun: !curl, Curl: curl, Out: &out}), rq)
			var dry *DryRunError
			if !errors.As(err, &dry) || strings.Contains(out.String(), code) || strings.Contains(dry.Shown, code) || !strings.Contains(out.String(), "SecCode="+Mask) {
				t.Errorf("curl %v: %v\n%s", curl, err, out.String())
			}
		}
		if isKnown(code) || !strings.Contains(MaskKnown("sent "+code), code) {
			t.Errorf("the process remembers per-request value %d", i)
		}
	}
	if !isKnown(key) || strings.Contains(MaskKnown("key "+key), key) {
		t.Error("the process forgot the request's lasting secret")
	}
}

// A value that is both a request's lasting secret (or a secret-named
// field's) and marked per-request is remembered: it is not the request's
// alone.
func TestPerRequestValueAlsoASecretIsRemembered(t *testing.T) {
	for _, order := range []string{"secret first", "per-request first"} {
		v := "perrequest-and-secret-" + strings.ReplaceAll(order, " ", "-")
		r := NewRedactor()
		if order == "secret first" {
			r.Add(v)
			r.AddPerRequest(v)
		} else {
			r.AddPerRequest(v)
			r.Add(v)
		}
		if !isKnown(v) || r.Apply("x "+v) != "x "+Mask {
			t.Errorf("%s: remembered %v, masked %q", order, isKnown(v), r.Apply("x "+v))
		}
	}
}
