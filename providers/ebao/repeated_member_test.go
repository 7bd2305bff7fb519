package ebao_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

// A body that names a member twice in one object is refused before it is
// signed (exit 2, the member's path): the bytes are sent as written, and
// eBao reads only one of the two. `quote --provider ebao -f` sent one.
func TestBodyNamingAMemberTwiceIsRefused(t *testing.T) {
	b, err := os.ReadFile("../../examples/ebao/quote.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := ebao.ValidateQuotation(b); err != nil {
		t.Fatalf("the example: %v", err)
	}
	dup := strings.Replace(string(b), `"channelCode"`, `"channelCode": "OTHER", "channelCode"`, 1)
	err = ebao.ValidateQuotation([]byte(dup))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 || fe.Fields[0].Field != "channelCode" ||
		!strings.Contains(fe.Fields[0].Rule, "twice") {
		t.Fatalf("err %v", err)
	}
	cancel := `{"policyNumber":"P1","policyNumber":"P2","channelCode":"AXA_TP","applicationDate":"2030-01-01T07:31:29.738Z","applicationType":"APLY_BY_INSURER"}`
	if err := ebao.ValidateCancellation([]byte(cancel)); !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != "policyNumber" {
		t.Fatalf("cancellation: %v", err)
	}
}
