package purchase_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// Every step's ID numbers are checked against their types before it is
// signed, whatever gave them: here the owner's number a session kept
// (written by a version that did not check it), which 120 sends in
// ownerInfo. It is named as the request names it, and 120 is not sent.
func TestAKeptResidentIDIsCheckedBeforeTheStepIsSent(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	s := quoted(t, p, sessions, "07518800")
	kept := s.Inputs["ownerIdNo"]
	kept.Value = "440106198001011234"
	s.Inputs["ownerIdNo"] = kept
	before := len(p.transactions())

	fl := p.flow(t, sessions)
	fl.Session = s
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, PayNo: "PAY-1", CheckPayNo: "CHK-1"}, answers(t, peopleAnswers...))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 || fe.Fields[0].Field != "ownerInfo.ownerIdNo" ||
		!strings.Contains(fe.Fields[0].Rule, "GB 11643") || !strings.Contains(fe.Fields[0].Example, "11010519491231002X") {
		t.Fatalf("%v", err)
	}
	if sent := p.transactions()[before:]; len(sent) != 0 {
		t.Fatalf("sent %v", sent)
	}
}
