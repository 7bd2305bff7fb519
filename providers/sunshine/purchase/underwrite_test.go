package purchase_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// groupInputs returns the inputs of the typ group of a request body.
func groupInputs(t *testing.T, body []byte, typ string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<Inputs type="` + typ + `">(.*?)</Inputs>`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no %s group:\n%s", typ, body)
	}
	return string(m[1])
}

// 120's table (3.10.1) marks the insured's, the applicant's and the
// owner's e-mail and the delivery date not nullable. The answers file
// gives the addresses, each sent in its person's group; the delivery
// date, given by no one, is the day of the request in China time.
func TestUnderwritingSendsEmailsAndDeliveryDate(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	a, err := purchase.LoadAnswers(nil, "../../../examples/sunshine/answers-issue.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{CheckPayNo: "B5000M386466139260786", Now: testNow, TestPayNo: true}, a); err != nil {
		t.Fatal(err)
	}
	in, body := p.sent(t, "120")
	for group, key := range map[string]string{"insuredInfo": "insuredEmail", "applicantInfo": "applicantEmail", "ownerInfo": "ownerEmail", "deliverInfo": "sendDate"} {
		if !strings.Contains(groupInputs(t, body, group), `name="`+key+`"`) {
			t.Errorf("%s not in %s", key, group)
		}
	}
	if in["insuredEmail"] != "zhang.san@example.com" || in["ownerEmail"] != "zhang.san@example.com" || in["sendDate"] != "2026-03-02" {
		t.Errorf("120 inputs %v", in)
	}

	// A date of its own is sent as given.
	p = newPlatform(t)
	fl = p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	if err := fl.Issue(context.Background(), purchase.IssueRequest{CheckPayNo: "B1", Now: testNow, TestPayNo: true},
		answers(t, append(peopleAnswers, "sendDate=2026-03-09")...)); err != nil {
		t.Fatal(err)
	}
	if in, _ := p.sent(t, "120"); in["sendDate"] != "2026-03-09" {
		t.Errorf("120 sendDate %q", in["sendDate"])
	}
}

// The e-mail addresses have no default: a script without them stops with
// exit 2 naming each, in its group, with an example to paste; the session
// waits for them, and the next run with them buys.
func TestUnderwritingWithoutEmailsNamesEach(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	s := quoted(t, p, sessions, "07518800")
	fl.Session = s
	var people []string
	for _, kv := range peopleAnswers {
		if !strings.Contains(kv, "Email=") {
			people = append(people, kv)
		}
	}
	err := fl.Issue(context.Background(), purchase.IssueRequest{CheckPayNo: "B1", Now: testNow, TestPayNo: true}, answers(t, people...))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage {
		t.Fatalf("%v", err)
	}
	got := map[string]string{}
	for _, f := range fe.Fields {
		got[f.Field] = f.Example
	}
	for _, want := range []string{"insuredInfo.insuredEmail", "applicantInfo.applicantEmail", "ownerInfo.ownerEmail"} {
		if ex := got[want]; !strings.Contains(ex, "--set ") || !strings.Contains(ex, "@") {
			t.Errorf("%s: example %q (fields %v)", want, ex, got)
		}
	}
	if len(fe.Fields) != 3 || !strings.Contains(fe.Hint, "--session "+s.ID) {
		t.Errorf("fields %v, hint %q", got, fe.Hint)
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{CheckPayNo: "B1", Now: testNow, TestPayNo: true},
		answers(t, "insuredEmail=a@example.com", "applicantEmail=b@example.com", "ownerEmail=c@example.com")); err != nil {
		t.Fatal(err)
	}
	if in, _ := p.sent(t, "120"); in["applicantEmail"] != "b@example.com" || in["insuredName"] != "张三" || in["sendDate"] != "2026-03-02" {
		t.Errorf("120 after the form: %v", in)
	}
}

// A delivery date not written yyyy-MM-dd and an address that is not one
// are refused together, before anything is sent.
func TestMalformedDeliveryDateOrEmailIsRefusedBeforeSending(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	n := len(p.transactions())
	err := fl.Issue(context.Background(), purchase.IssueRequest{CheckPayNo: "B1", Now: testNow, TestPayNo: true},
		answers(t, append(peopleAnswers, "deliverInfo.sendDate=2026/03/09", "insuredEmail=zhang.san")...))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 2 || len(p.transactions()) != n {
		t.Fatalf("%v (sent %v)", err, p.transactions()[n:])
	}
	if fe.Fields[0].Field != "deliverInfo.sendDate" || fe.Fields[0].Example != "--set sendDate=2026-03-02" || fe.Fields[1].Field != "insuredEmail" {
		t.Errorf("fields %+v", fe.Fields)
	}
}

// What history shows of a 120, and of a form with an address in it,
// masks the addresses, as it masks the other personal fields.
func TestEmailsAreMaskedInWhatHistoryShows(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	_ = fl.Issue(context.Background(), purchase.IssueRequest{CheckPayNo: "B1", Now: testNow, TestPayNo: true},
		answers(t, "insuredEmail=li.si@example.com", "applicantEmail=wang.wu@example.org"))
	_, body := p.sent(t, "120")
	if !strings.Contains(string(body), "li.si@example.com") {
		t.Fatalf("nothing to mask:\n%s", body)
	}
	form := `<Tag><Definition name="type">text</Definition><Definition name="key">applicantEmail</Definition>` +
		`<Definition name="label">投保人邮箱</Definition><Definition name="value">wang.wu@example.org</Definition></Tag>`
	for _, doc := range []string{personal.Mask(string(body)), personal.Mask(form)} {
		for _, v := range []string{"li.si@", "wang.wu@"} {
			if strings.Contains(doc, v) {
				t.Errorf("%q shown:\n%s", v, doc)
			}
		}
	}
	if !strings.Contains(personal.Mask(string(body)), `name="insuredEmail">l***@example.com<`) {
		t.Errorf("masked request:\n%s", personal.Mask(string(body)))
	}
}
