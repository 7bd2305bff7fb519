package paoding_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

// olderServer stands for a Paoding server from before the document's
// version 1.2: it wants the underscore header names and does not know the
// hyphenated ones. It renames the underscore headers for the sandbox
// (which follows the current document) and drops the hyphenated ones, so
// a client that sent only those is refused as the older server would.
func olderServer(box http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, pair := range [][2]string{
			{paoding.LegacyHeaderVersion, paoding.HeaderVersion},
			{paoding.LegacyHeaderToken, paoding.HeaderToken},
		} {
			v := r.Header.Get(pair[0])
			r.Header.Del(pair[0])
			r.Header.Del(pair[1])
			if v != "" {
				r.Header.Set(pair[1], v)
			}
		}
		box.ServeHTTP(w, r)
	})
}

func TestUnderscoreHeaderStyleTalksToAnOlderServer(t *testing.T) {
	srv := httptest.NewServer(olderServer(sandbox.New(sandbox.Options{State: state.NewMemory()})))
	defer srv.Close()
	newClient := func(style string) *paoding.Client {
		return paoding.New(paoding.Config{BaseURL: srv.URL, Username: sandbox.TestUsername, Password: sandbox.TestPassword,
			HeaderStyle: style, Tokens: new(tokencache.Memory)})
	}
	// Login carries the version header, the brand list the token header
	// too.
	c := newClient(paoding.HeaderStyleUnderscores)
	if _, err := c.Token(ctx); err != nil {
		t.Fatalf("login with underscores: %v", err)
	}
	if _, _, err := c.Brands(ctx); err != nil {
		t.Fatalf("brand list with underscores: %v", err)
	}
	if _, err := newClient(paoding.HeaderStyleHyphens).Token(ctx); err == nil {
		t.Fatal("the older server accepted the hyphenated names: the test proves nothing")
	}
}

// A profile set to the old underscore spelling against a server that
// reads only hyphens (the sandbox follows the current document): once a
// token is cached, each call is refused 10010 for want of the version
// header. The hint says the header-style is the likely cause, not only
// the call's parameters.
func TestParameterRefusalUnderUnderscoresPointsAtHeaderStyle(t *testing.T) {
	srv := httptest.NewServer(sandbox.New(sandbox.Options{State: state.NewMemory()}))
	defer srv.Close()
	tokens := new(tokencache.Memory)
	newClient := func(style string) *paoding.Client {
		return paoding.New(paoding.Config{BaseURL: srv.URL, Username: sandbox.TestUsername, Password: sandbox.TestPassword,
			HeaderStyle: style, Tokens: tokens})
	}
	if _, err := newClient(paoding.HeaderStyleHyphens).Token(ctx); err != nil {
		t.Fatal(err)
	}
	c := newClient(paoding.HeaderStyleUnderscores)
	for name, call := range map[string]func() error{
		"report.get":       func() error { _, _, err := c.GetReport(ctx, "ORD-1"); return err },
		"brandFactory.get": func() error { _, _, err := c.BrandFactory(ctx, 20); return err },
	} {
		err := call()
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.Code != "10010" {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(fe.Hint, "header-style is underscores") || !strings.Contains(fe.Hint, "hyphens") {
			t.Errorf("%s: hint %q", name, fe.Hint)
		}
	}
}
