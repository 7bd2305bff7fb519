package ebao_test

import (
	"os"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/ebao/sandbox"
)

func TestSign(t *testing.T) {
	doc, err := os.ReadFile("testdata/document_quotation.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		body   []byte
		secret string
		want   string
	}{
		{"empty", nil, "", "d41d8cd98f00b204e9800998ecf8427e"},
		{"empty object", []byte("{}"), "secret", "27c48657ade44c9eb1a76d47c863006e"},
		// The document's example quotation body, exactly as printed (LF line
		// ends, no final newline, 1045 bytes), under the sandbox's key. The
		// document's own signature used a secret it does not give.
		{"document example", doc, sandbox.TestSecretKey, "78fa432e1cd63801c6d87e2f18391635"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ebao.Sign(tt.body, tt.secret); got != tt.want {
				t.Errorf("Sign = %s, want %s", got, tt.want)
			}
		})
	}
	if len(doc) != 1045 {
		t.Errorf("document example is %d bytes, docs/providers/ebao.md says 1045", len(doc))
	}
}

func TestSignedURL(t *testing.T) {
	got := ebao.SignedURL("http://localhost:8090/", ebao.PathQuotation, sandbox.TestAccessKey, []byte("{}"), "secret")
	want := "http://localhost:8090/pa_web/api/policies/quotations?version=1&accessKey=TqlLeuUB1w&signature=27c48657ade44c9eb1a76d47c863006e"
	if got != want {
		t.Errorf("SignedURL =\n %s\nwant\n %s", got, want)
	}
}

func TestVerifyResponse(t *testing.T) {
	body := []byte(`{"policyNumber":"P2611230000000001","status":"EFFECTIVE"}`)
	good := ebao.Sign(body, "k")
	tests := []struct {
		name string
		got  string
		want bool
	}{
		{"exact", good, true},
		{"upper case hex", strings.ToUpper(good), true},
		{"surrounding space", " " + good + " ", true},
		{"one digit off", good[:31] + string("01"[(good[31]+1)%2]), false},
		{"empty", "", false},
		{"truncated", good[:16], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ebao.VerifyResponse(body, "k", tt.got) != tt.want {
				t.Errorf("VerifyResponse(%q) = %v", tt.got, !tt.want)
			}
		})
	}
	if ebao.VerifyResponse(append(body, ' '), "k", good) {
		t.Error("a changed body verified")
	}
}
