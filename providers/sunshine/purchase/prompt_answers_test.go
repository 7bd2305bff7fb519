package purchase_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// An answer a person gave at a prompt meets the rules a script's answer
// does: an Asker that hands back a date written 2020/05/06 is exit 2
// naming the control, and 105 is not sent. It was sent.
func TestBadDateFromTheAskerIsNotSent(t *testing.T) {
	p := newPlatform(t)
	asker := &scriptedAsker{values: map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321",
		"vehicleId": "XDAAMD0068", "firstRegisterDate": "2020/05/06", "ownerIdNo": "440106198001011230", "specialCarFlag": "0"}}
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session, fl.Asker = newSession("07518800"), asker
	err := fl.Start(context.Background(), "", nil)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 2 || len(fe.Fields) != 1 || !strings.HasSuffix(fe.Fields[0].Field, "firstRegisterDate") ||
		!strings.Contains(fe.Fields[0].Rule, "yyyy-MM-dd") || !strings.Contains(fe.Fields[0].Example, purchase.Today(time.Now())) {
		t.Fatalf("%#v", err)
	}
	if slices.Contains(p.transactions(), "105") {
		t.Fatalf("105 sent: %v", p.transactions())
	}
}

// The insured's e-mail typed as foo@ is exit 2 before 120 answers the
// form, as it is
// from --set. It was sent (the journal showed insuredEmail f***@).
func TestBadEmailFromTheAskerIsNotSent(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	s := quoted(t, p, sessions, "07518800")
	asker := &scriptedAsker{values: map[string]string{}}
	for _, a := range peopleAnswers {
		k, v, _ := strings.Cut(a, "=")
		asker.values[k] = v
	}
	asker.values["insuredEmail"] = "foo@"
	fl := p.flow(t, sessions)
	fl.Session, fl.Asker = s, asker
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, CheckPayNo: "B1", TestPayNo: true}, nil)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 2 || len(fe.Fields) != 1 || !strings.HasSuffix(fe.Fields[0].Field, "insuredEmail") ||
		!strings.Contains(fe.Fields[0].Example, "zhang.san@example.com") {
		t.Fatalf("%#v", err)
	}
	// The first 120 asks for the form; the answers to it are not sent.
	if in, _ := p.sent(t, "120"); in["insuredEmail"] == "foo@" {
		t.Fatalf("foo@ sent: %v", p.transactions())
	}
}

// A model search that finds nothing says so each time, and the last one
// says what follows: the model asked as a plain answer. It asked again in
// silence, then fell back without a word.
func TestModelSearchFindingNothingSaysSo(t *testing.T) {
	p := newPlatform(t)
	asker := &pickingAsker{search: "zzzz"}
	asker.values = map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321", "vehicleId": "XDAAMD0068",
		"firstRegisterDate": "2020-05-06", "ownerIdNo": "440106198001011230", "specialCarFlag": "0"}
	progress := &progressLines{}
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session, fl.Asker, fl.Progress = newSession("07518800"), asker, progress
	if err := fl.Start(context.Background(), "", nil); err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, l := range progress.lines {
		if strings.Contains(l, `nothing found for "zzzz"`) {
			notes = append(notes, l)
		}
	}
	if len(notes) != 3 || !strings.Contains(notes[2], "plain answer") || strings.Contains(notes[0], "plain answer") {
		t.Fatalf("notes %q", progress.lines)
	}
	if !slices.Contains(asker.asked, "vehicleInfo.vehicleModelName") && !slices.Contains(asker.asked, "vehicleModelName") {
		t.Fatalf("the model was not asked as a plain answer: %q", asker.asked)
	}
}
