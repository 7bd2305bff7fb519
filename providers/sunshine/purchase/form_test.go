package purchase

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

func tag(typ, key, label, value, data string) sunshine.Tag {
	return sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: typ}, {Name: "key", Value: key},
		{Name: "label", Value: label}, {Name: "value", Value: value}, {Name: "data", Value: data}}}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 542975: "5429.75", -150: "-1.50"} {
		if got := Yuan(fen); got != want {
			t.Errorf("%d: %s", fen, got)
		}
	}
}

func TestNormaliseOptions(t *testing.T) {
	sel := tag("select", "cov_600", "三者", "", "不投保:0.00;50万:500000.00")
	for in, want := range map[string]string{"500000.00": "500000.00", "500000": "500000.00", "50万": "500000.00", "0": "0.00"} {
		if got, err := Normalise(sel, in); err != nil || got != want {
			t.Errorf("%s: %s %v", in, got, err)
		}
	}
	if _, err := Normalise(sel, "7"); err == nil || !strings.Contains(err.Error(), "50万=500000.00") {
		t.Errorf("bad option: %v", err)
	}
	if _, err := Normalise(tag("date", "d", "", "", ""), "2020/05/06"); err == nil {
		t.Error("bad date accepted")
	}
}

// A script's answers fill the form; an unanswered required control, and
// every one of them, is listed with label and options (exit 2).
func TestFillScript(t *testing.T) {
	form := []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{
		tag("hidden", "isOcr", "OCR", "0", ""), tag("text", "engineNo", "发动机号", "", ""),
		tag("radio", "specialCarFlag", "是否过户车", "", "是:1;否:0"), tag("label", "x", "shown", "v", ""),
	}}}
	a := &Answers{}
	if err := ParseSets(a, []string{"vehicleInfo.engineNo=E1", "packageType=luxury"}); err != nil {
		t.Fatal(err)
	}
	in, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form, Answers: a})
	if err != nil || len(in) != 1 || len(in[0].Inputs) != 3 || in[0].Inputs[1].Value != "E1" {
		t.Fatalf("%+v %v", in, err)
	}
	if extra := a.Unused(nil); len(extra) != 1 || extra[0].Inputs[0].Name != "packageType" {
		t.Fatalf("unused %+v", extra)
	}
	_, err = Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form, Required: true, Message: "请补充"})
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "是=1, 否=0") || !strings.Contains(err.Error(), "vehicleInfo.engineNo: 发动机号") || strings.Contains(err.Error(), "isOcr") {
		t.Fatalf("%v", err)
	}
	if err := ParseSets(&Answers{}, []string{"novalue", "g.=x"}); failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "novalue") {
		t.Fatalf("%v", err)
	}
}

// A value given by flag (the owner's name) that a read-only control
// overrules is sent as the platform holds it, as before, but the person
// is told: it used to be dropped without a word. The note names the
// control, not the values (personal data).
func TestFlagOverruledByAReadOnlyControlIsNoted(t *testing.T) {
	owner := tag("text", "ownerName", "车主姓名", "张三", "")
	owner.Readonly = "true"
	form := []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{owner}}}
	var notes []string
	in, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form,
		Given: map[string]string{"ownerName": "李四"}, Note: func(s string) { notes = append(notes, s) }})
	if err != nil || len(in) != 1 || in[0].Inputs[0].Value != "张三" {
		t.Fatalf("%+v %v", in, err)
	}
	all := strings.Join(notes, "\n")
	if !strings.Contains(all, "ownerName") || !strings.Contains(all, "read-only") || strings.Contains(all, "李四") || strings.Contains(all, "张三") {
		t.Fatalf("notes %q", all)
	}
	// The same name with spaces around it is no other value.
	notes = nil
	if _, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form,
		Given: map[string]string{"ownerName": " 张三 "}, Note: func(s string) { notes = append(notes, s) }}); err != nil || len(notes) != 0 {
		t.Fatalf("%v, notes %q", err, notes)
	}
}
