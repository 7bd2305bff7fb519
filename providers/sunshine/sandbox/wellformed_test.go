package sandbox_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// resigned signs doc's <Request> again with the test partner's key, so a
// change inside it is refused for what it is, not for its signature.
func resigned(t *testing.T, doc []byte) []byte {
	t.Helper()
	key, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPartnerPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	out, err := sunshine.SignDocument(doc, "Request", key)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The manual asks for standard XML rooted at <PackageList>, and XML names
// are case-sensitive. The sandbox used to read requests with the client's
// tolerant parser and so answered what the platform cannot read: each of
// these, correctly signed, is a 400 naming what is wrong.
func TestRequestsMustBeStandardXMLWithTheManualsNames(t *testing.T) {
	srv := server(t, state.NewMemory())
	doc := signed095(t, srv.URL)
	if r := postAs(t, srv.URL, "text/xml; charset=GBK", doc); r.Status == "400" {
		t.Fatalf("the client's own 095: status 400 %q", r.Message())
	}
	rootOpen := regexp.MustCompile(`<PackageList[^>]*>`)
	tests := []struct {
		name, want string
		body       []byte
	}{
		{"header name in lower case", "<RequestType>", withHeaderField(doc, "RequestType", "<requesttype>095</requesttype>")},
		{"input in upper case", "<input>", resigned(t, bytes.ReplaceAll(bytes.ReplaceAll(doc, []byte("<input "), []byte("<INPUT ")), []byte("</input>"), []byte("</INPUT>")))},
		{"InputsList in lower case", "<InputsList>", resigned(t, bytes.ReplaceAll(doc, []byte("InputsList"), []byte("inputslist")))},
		{"a bare Package without PackageList", "PackageList", bytes.Replace(rootOpen.ReplaceAll(doc, nil), []byte("</PackageList>"), nil, 1)},
		{"an unescaped ampersand", "XML", resigned(t, bytes.Replace(doc, []byte(">0</input>"), []byte(">0&1</input>"), 1))},
		{"a second root after the first", "根节点", append(append([]byte{}, doc...), "<PackageList></PackageList>"...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bytes.Equal(tt.body, doc) {
				t.Fatal("the change did not apply")
			}
			r := postAs(t, srv.URL, "text/xml; charset=GBK", tt.body)
			if r.Status != "400" || !strings.Contains(r.Message(), tt.want) {
				t.Errorf("status %s %q, want 400 naming %s", r.Status, r.Message(), tt.want)
			}
		})
	}
}
