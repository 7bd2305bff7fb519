package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// dryRunJSON runs one request through a --dry-run client in JSON mode and
// decodes what it printed, failing unless that is one JSON line.
func dryRunJSON(t *testing.T, o Options, req *http.Request) (DryRunRequest, string) {
	t.Helper()
	var out bytes.Buffer
	o.DryRun, o.DryRunJSON, o.Out = true, true, &out
	if _, err := NewClient(o).Do(req); !errors.Is(err, ErrDryRun) {
		t.Fatalf("err %v", err)
	}
	if strings.Count(out.String(), "\n") != 1 || !strings.HasSuffix(out.String(), "\n") {
		t.Fatalf("not one line: %q", out.String())
	}
	var d DryRunRequest
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("not JSON: %v: %q", err, out.String())
	}
	return d, out.String()
}

// In JSON mode a dry run prints one object: method, full URL, headers and
// the body as the exact text sent, every secret masked as in the text form
// (query, header, body member, and a Call's own secret).
func TestDryRunJSONIsOneObjectWithSecretsMasked(t *testing.T) {
	body := `{"password":"pw-secret-1","note":"hunter2-password & more","a":1}` + "\n"
	ctx := WithCall(context.Background(), Call{Secrets: []string{"hunter2-password"}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1:1/x?secretKey=KEY-SECRET-1&v=1", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization-Token", "HEADER-TOKEN-42")
	req.Header["Accept"] = []string{"application/json", "text/plain"}
	d, raw := dryRunJSON(t, Options{}, req)
	for _, s := range []string{"pw-secret-1", "hunter2-password", "KEY-SECRET-1", "HEADER-TOKEN-42"} {
		if strings.Contains(raw, s) {
			t.Errorf("shows %q", s)
		}
	}
	wantBody := `{"password":"****","note":"**** & more","a":1}` + "\n"
	if !d.DryRun || d.Method != "POST" || d.URL != "http://127.0.0.1:1/x?secretKey=****&v=1" || d.Body != wantBody ||
		d.Headers["Authorization-Token"][0] != "****" || len(d.Headers["Accept"]) != 2 || d.Headers["Content-Type"][0] != "application/json" {
		t.Fatalf("%+v", d)
	}
	if !strings.Contains(raw, "&v=1") {
		t.Errorf("the URL's & is escaped: %s", raw)
	}

	// --show-secrets shows them, as in the text form.
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1:1/x?secretKey=KEY-SECRET-1", strings.NewReader(body))
	if d, _ := dryRunJSON(t, Options{ShowSecrets: true}, req); d.Body != body || !strings.Contains(d.URL, "KEY-SECRET-1") {
		t.Fatalf("--show-secrets: %+v", d)
	}
}

// A GET has no body member; a GBK body is shown decoded, since JSON text
// is UTF-8 (the text form in a pipe keeps the bytes as sent).
func TestDryRunJSONBodies(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/brands", nil)
	if _, raw := dryRunJSON(t, Options{}, req); strings.Contains(raw, `"body"`) {
		t.Fatalf("GET: %s", raw)
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="GBK"?><a>张三</a>`))
	req, _ = http.NewRequest(http.MethodPost, "http://127.0.0.1:1/x", bytes.NewReader(gbk))
	req.Header.Set("Content-Type", "text/xml;charset=GBK")
	if d, _ := dryRunJSON(t, Options{}, req); !strings.Contains(d.Body, "<a>张三</a>") {
		t.Fatalf("GBK body: %q", d.Body)
	}
}

// --curl stays a command line in JSON mode, and the text form is what a
// batch line's result carries either way.
func TestDryRunJSONLeavesCurlAndShown(t *testing.T) {
	var out bytes.Buffer
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/x", strings.NewReader(`{"a":1}`))
	_, _ = NewClient(Options{Curl: true, DryRunJSON: true, Out: &out}).Do(req)
	if !strings.HasPrefix(out.String(), "curl ") {
		t.Fatalf("--curl: %q", out.String())
	}
	var dry *DryRunError
	out.Reset()
	req, _ = http.NewRequest(http.MethodPost, "http://127.0.0.1:1/x", strings.NewReader(`{"a":1}`))
	_, err := NewClient(Options{DryRun: true, DryRunJSON: true, Out: &out}).Do(req)
	if !errors.As(err, &dry) || !strings.HasPrefix(dry.Shown, "POST /x HTTP/1.1\n") || !strings.HasPrefix(out.String(), "{") {
		t.Fatalf("shown %v, printed %q", err, out.String())
	}
}
