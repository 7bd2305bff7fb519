package shared

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

func control(group, typ, key, label string) purchase.Control {
	return purchase.Control{Group: group, Tag: sunshine.Tag{Definitions: []sunshine.Definition{
		{Name: "type", Value: typ}, {Name: "key", Value: key}, {Name: "label", Value: label}}}}
}

// askOne asks c on a terminal whose person types answers, in order.
func askOne(t *testing.T, c purchase.Control, label string, answers ...string) (map[string]string, *cmdtest.Prompter, error) {
	t.Helper()
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = map[string]any{label: answers}
	a := &TerminalAsker{Prompter: e.Prompts, IO: e.F.IOStreams}
	got, err := a.Ask(t.Context(), purchase.Questions{Transaction: sunshine.TxnUnderwrite, Controls: []purchase.Control{c}, Current: map[string]string{}})
	return got, e.Prompts, err
}

// An e-mail typed as foo@ is refused in its field, with the rule and a
// good address, and the corrected one is what the form returns. foo@
// was accepted and sent in 120.
func TestTypedEmailIsRefusedWhereItIsTyped(t *testing.T) {
	c := control("insuredInfo", "text", "insuredEmail", "被保险人邮箱")
	got, p, err := askOne(t, c, "被保险人邮箱 (insuredEmail)", "foo@", "zhang.san@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got["insuredInfo.insuredEmail"] != "zhang.san@example.com" {
		t.Fatalf("answers %v", got)
	}
	if len(p.Refused) != 1 || p.Refused[0].Value != "foo@" || !strings.Contains(p.Refused[0].Message, "name@domain.tld") ||
		!strings.Contains(p.Refused[0].Message, "for example zhang.san@example.com") {
		t.Fatalf("refused %+v", p.Refused)
	}
}

// A date typed 2020/05/06 is refused as it is typed and corrected in the
// same form. It was checked after the last question, asked again in a
// second prompt with what was typed lost.
func TestTypedDateIsRefusedWhereItIsTyped(t *testing.T) {
	c := control("vehicleInfo", "date", "firstRegisterDate", "注册登记日期")
	got, p, err := askOne(t, c, "注册登记日期 (firstRegisterDate) [yyyy-mm-dd]", "2020/05/06", "2020-05-06")
	if err != nil {
		t.Fatal(err)
	}
	if got["vehicleInfo.firstRegisterDate"] != "2020-05-06" || len(p.Asked) != 2 || len(p.Forms) != 1 {
		t.Fatalf("answers %v, asked %q in %d form(s)", got, p.Asked, len(p.Forms))
	}
	if len(p.Refused) != 1 || !strings.Contains(p.Refused[0].Message, "yyyy-MM-dd") || !strings.Contains(p.Refused[0].Message, purchase.Today(time.Now())) {
		t.Fatalf("refused %+v", p.Refused)
	}
}

// A bad answer kept through every try is exit 2 naming the control, not
// sent. After three tries the bad date was kept and sent.
func TestAnswerRefusedAtEveryTryIsExit2(t *testing.T) {
	c := control("vehicleInfo", "date", "firstRegisterDate", "注册登记日期")
	got, _, err := askOne(t, c, "注册登记日期 (firstRegisterDate) [yyyy-mm-dd]", "2020/05/06")
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.ExitCode() != 2 || len(fe.Fields) != 1 || fe.Fields[0].Field != "vehicleInfo.firstRegisterDate" ||
		!strings.Contains(fe.Fields[0].Rule, "yyyy-MM-dd") || fe.Fields[0].Example != "--set firstRegisterDate="+purchase.Today(time.Now()) {
		t.Fatalf("answers %v, error %#v", got, err)
	}
}

// A mobile number is checked as --mobile is: 11 digits starting 13-19.
func TestTypedMobileIsRefusedWhereItIsTyped(t *testing.T) {
	c := control("insuredInfo", "text", "insuredMobile", "被保险人手机")
	got, p, err := askOne(t, c, "被保险人手机 (insuredMobile)", "1380000", "13800138000")
	if err != nil || got["insuredInfo.insuredMobile"] != "13800138000" {
		t.Fatalf("answers %v: %v", got, err)
	}
	if len(p.Refused) != 1 || !strings.Contains(p.Refused[0].Message, "11 digits") {
		t.Fatalf("refused %+v", p.Refused)
	}
}

// An ID number is checked as it is typed, as the request is before it is
// sent: a wrong check character stays in its field with a number to copy.
// It was let through and refused by the platform's check after the whole
// form, ending the run with every typed answer lost.
func TestTypedIDNumberIsRefusedWhereItIsTyped(t *testing.T) {
	c := control("vehicleInfo", "text", "ownerIdNo", "身份证号码")
	got, p, err := askOne(t, c, "身份证号码 (ownerIdNo)", "440106198001011234", "440106198001011230")
	if err != nil || got["vehicleInfo.ownerIdNo"] != "440106198001011230" {
		t.Fatalf("answers %v: %v", got, err)
	}
	if len(p.Refused) != 1 || !strings.Contains(p.Refused[0].Message, "GB 11643") ||
		!strings.Contains(p.Refused[0].Message, "for example "+sunshine.ResidentIDExample) {
		t.Fatalf("refused %+v", p.Refused)
	}
}
