package bihu_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/bihu"
)

// The sign-out document lists its query parameters as agentId, token,
// secCode; the query is sent in that order, not sorted by name.
func TestSignOutQueryInDocumentOrder(t *testing.T) {
	var mu sync.Mutex
	var rawQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Path {
		case "/unite/login":
			_, _ = w.Write([]byte(`{"code":200,"msg":"成功","Token":"4773EEC3EE9B572851C11DF730DCE827"}`))
		case "/unite/SignOut":
			mu.Lock()
			rawQuery = r.URL.RawQuery
			mu.Unlock()
			_, _ = w.Write([]byte(`{"code":200,"msg":"成功"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := bihu.New(bihu.Config{
		BaseURL: srv.URL, AgentID: "102", Username: "insure-test", SecretKey: "h10-secret",
		HTTP: srv.Client(), Tokens: &tokencache.Memory{},
	})
	ctx := context.Background()
	if _, err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	_, code := bihu.SignOutSecCode("102", "h10-secret", "4773EEC3EE9B572851C11DF730DCE827", false)
	want := "agentId=102&token=4773EEC3EE9B572851C11DF730DCE827&secCode=" + code
	mu.Lock()
	defer mu.Unlock()
	if rawQuery != want {
		t.Errorf("sign-out query = %q, want %q", rawQuery, want)
	}
}
