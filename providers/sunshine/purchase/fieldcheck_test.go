package purchase

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// askedAgain is a person who types again, each time asked, the values
// given; it keeps what it was asked.
type askedAgain struct {
	typedAsker
	asked []Questions
}

func (a *askedAgain) Ask(ctx context.Context, q Questions) (map[string]string, error) {
	a.asked = append(a.asked, q)
	return a.typedAsker.Ask(ctx, q)
}

// countingLookups refuses every value, counting the checks.
type countingLookups struct {
	refusingLookups
	checks atomic.Int32
}

func (l *countingLookups) CheckField(ctx context.Context, u, k, v string) (bool, string, error) {
	l.checks.Add(1)
	return l.refusingLookups.CheckField(ctx, u, k, v)
}

func checked(key, label string) sunshine.Tag {
	t := tag("text", key, label, "", "")
	t.Definitions = append(t.Definitions, sunshine.Definition{Name: "checkUrl", Value: "checkIdNo.do"})
	return t
}

// On a terminal the answers the platform's check refuses are asked again,
// only those and together, with the platform's reason, and checked again:
// checkAsks times, then exit 2 naming every one, as a script's refusal.
func TestRefusedByThePlatformsCheckIsAskedAgainABoundedNumberOfTimes(t *testing.T) {
	form := []sunshine.Tags{{Type: "insuredInfo", Tags: []sunshine.Tag{
		checked("insuredIdNo", "被保险人身份证号"), tag("text", "insuredName", "被保险人姓名", "", ""), checked("applicantIdNo", "投保人身份证号"),
	}}}
	a := &Answers{}
	if err := ParseSets(a, []string{"insuredIdNo=" + sunshine.ResidentIDExample, "insuredName=张三", "applicantIdNo=" + sunshine.ResidentIDExample}); err != nil {
		t.Fatal(err)
	}
	asker := &askedAgain{typedAsker: typedAsker{typed: map[string]string{"insuredIdNo": "440106198001011230", "applicantIdNo": "440106198001011230"}}}
	l := &countingLookups{}
	_, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnUnderwrite, Form: form, Answers: a, Asker: asker, Lookups: l})
	fe, ok := err.(*failure.Error)
	if !ok || fe.ExitCode() != 2 || len(fe.Fields) != 2 || fe.Fields[0].Field != "insuredInfo.insuredIdNo" || fe.Fields[1].Field != "insuredInfo.applicantIdNo" ||
		!strings.Contains(fe.Fields[0].Rule, "号码有误") || fe.Fields[0].Example != "--set insuredIdNo="+sunshine.ResidentIDExample {
		t.Fatalf("%#v", err)
	}
	if len(asker.asked) != checkAsks {
		t.Fatalf("asked %d times, want %d", len(asker.asked), checkAsks)
	}
	for i, q := range asker.asked {
		if len(q.Controls) != 2 || q.Controls[0].Key() != "insuredIdNo" || q.Controls[1].Key() != "applicantIdNo" {
			t.Errorf("ask %d: %+v", i, q.Controls)
		}
		if !strings.Contains(q.Refused["insuredInfo.insuredIdNo"], "号码有误") || !strings.Contains(q.Refused["insuredInfo.applicantIdNo"], "号码有误") {
			t.Errorf("ask %d: reasons %q", i, q.Refused)
		}
	}
	if n := l.checks.Load(); n != 2*(1+checkAsks) {
		t.Errorf("checked %d times, want %d", n, 2*(1+checkAsks))
	}

	// In a script nothing is asked: exit 2 naming both after one check.
	l = &countingLookups{}
	_, err = Fill(context.Background(), FillOptions{Transaction: sunshine.TxnUnderwrite, Form: form, Answers: a, Lookups: l})
	if fe, ok := err.(*failure.Error); !ok || fe.ExitCode() != 2 || len(fe.Fields) != 2 || l.checks.Load() != 2 {
		t.Fatalf("%#v after %d checks", err, l.checks.Load())
	}
}
