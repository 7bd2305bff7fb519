package purchase

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// typedAsker is a person at a terminal typing the values given, by key.
type typedAsker struct{ typed map[string]string }

func (a typedAsker) Ask(_ context.Context, q Questions) (map[string]string, error) {
	out := map[string]string{}
	for _, c := range q.Controls {
		out[c.Field()] = a.typed[c.Key()]
	}
	return out, nil
}
func (typedAsker) Choose(context.Context, string, []Control) ([]int, error) { return nil, nil }
func (typedAsker) VerificationCode(context.Context, error) (string, error)  { return "", nil }

// A Chinese input method types digits full-width (２０２０－０３－０２):
// in a date, an engine number or an ID number they are sent as the
// platform files them. The date was refused at every try and the ID
// number sent full-width, which the platform refuses after the whole form.
func TestFullWidthDigitsTypedAtThePromptAreSentNarrow(t *testing.T) {
	form := []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{
		tag("text", "engineNo", "发动机号", "", ""), tag("date", "firstRegisterDate", "注册登记日期", "", ""),
		tag("text", "ownerIdNo", "身份证号码", "", ""), tag("text", "ownerName", "车主", "", ""),
	}}}
	asker := typedAsker{typed: map[string]string{"engineNo": "１８４３２１", "firstRegisterDate": "２０２０－０３－０２",
		"ownerIdNo": "４４０１０６１９８００１０１１２３０", "ownerName": "张三１号"}}
	in, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form, Answers: &Answers{}, Asker: asker, Required: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, x := range in[0].Inputs {
		got[x.Name] = x.Value
	}
	want := map[string]string{"engineNo": "184321", "firstRegisterDate": "2020-03-02", "ownerIdNo": "440106198001011230", "ownerName": "张三１号"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s sent %q, want %q", k, got[k], v)
		}
	}
}

// An ID number typed at the prompt that breaks its rule is exit 2 naming
// it with a number to copy before the platform's check is asked; a
// platform's refusal carries an example too.
func TestIDNumberTypedAtThePromptIsCheckedBeforeThePlatform(t *testing.T) {
	form := []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{tag("text", "ownerIdNo", "身份证号码", "", "")}}}
	asker := typedAsker{typed: map[string]string{"ownerIdNo": "440106198001011234"}}
	_, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form, Answers: &Answers{}, Asker: asker, Required: true})
	fe, ok := err.(*failure.Error)
	if !ok || fe.ExitCode() != 2 || len(fe.Fields) != 1 || fe.Fields[0].Field != "vehicleInfo.ownerIdNo" ||
		!strings.Contains(fe.Fields[0].Rule, "GB 11643") || fe.Fields[0].Example != "--set ownerIdNo="+sunshine.ResidentIDExample {
		t.Fatalf("%#v", err)
	}
	if bad := CheckIDAnswer(Control{Group: "insuredInfo", Tag: tag("text", "insuredIdNo", "", "", "")}, "G12345678", "02"); bad != nil {
		t.Errorf("a passport number checked as a resident ID: %v", bad)
	}
}

// refusingLookups refuses every value its checkUrl is asked about.
type refusingLookups struct{ Lookups }

func (refusingLookups) CheckField(context.Context, string, string, string) (bool, string, error) {
	return false, "号码有误", nil
}

// The platform's refusal of an answer (its checkUrl) names the field, the
// platform's reason and a value to paste; it had no example.
func TestPlatformCheckRefusalCarriesAnExample(t *testing.T) {
	id := tag("text", "ownerIdNo", "身份证号码", "", "")
	id.Definitions = append(id.Definitions, sunshine.Definition{Name: "checkUrl", Value: "checkIdNo.do"})
	a := &Answers{}
	if err := ParseSets(a, []string{"ownerIdNo=" + sunshine.ResidentIDExample}); err != nil {
		t.Fatal(err)
	}
	_, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Answers: a, Lookups: refusingLookups{},
		Form: []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{id}}}})
	fe, ok := err.(*failure.Error)
	if !ok || len(fe.Fields) != 1 || !strings.Contains(fe.Fields[0].Rule, "号码有误") ||
		fe.Fields[0].Example != "--set ownerIdNo="+sunshine.ResidentIDExample {
		t.Fatalf("%#v", err)
	}
}
