package paoding_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
)

// The document writes an answer without data as "data": {} on every
// operation, the list operations included; a list answered that way is
// an empty list, not an unreadable answer (exit 6).
func TestListAnsweredWithEmptyObjectIsEmpty(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case paoding.PathTokenGenerate:
			io.WriteString(w, `{"code":"10000","remark":"成功","data":{"token":"ABC","refreshToken":"DEF","effectiveDuration":"120"}}`)
		case paoding.PathBrandList, paoding.PathBrandFactoryList:
			io.WriteString(w, `{"code":"10000","remark":"成功","data":{}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := paoding.New(paoding.Config{BaseURL: srv.URL, Username: "acme", Password: "pw", Tokens: new(tokencache.Memory)})
	if got, _, err := c.Brands(ctx); err != nil || len(got) != 0 {
		t.Errorf("brand.list data {}: %v, %v", got, err)
	}
	if got, _, err := c.BrandFactories(ctx, "2017-08-15 00:00:00"); err != nil || len(got) != 0 {
		t.Errorf("brandFactory.list data {}: %v, %v", got, err)
	}
}

// Api-4s-Version is "字符串(最长 5 位)" in every request-header table: a
// profile setting longer than that is refused when read, not sent.
func TestAPIVersionAtMostFiveCharacters(t *testing.T) {
	d := paoding.Descriptor(nil)
	var f *struct{ ok bool }
	for _, fl := range d.Settings {
		if fl.Key != "api-version" {
			continue
		}
		f = &struct{ ok bool }{true}
		if err := fl.Validate("1.0"); err != nil {
			t.Errorf("1.0 refused: %v", err)
		}
		if err := fl.Validate("10.0.1"); err == nil {
			t.Error("a 6-character api-version was accepted")
		}
	}
	if f == nil {
		t.Fatal("no api-version setting")
	}
}
