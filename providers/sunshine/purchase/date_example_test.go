package purchase

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// A malformed date in a script is exit 2 giving the format once and one
// example the person can paste: a real date, not Go's layout string.
func TestMalformedDateSaysTheFormatWithOneExample(t *testing.T) {
	form := []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{tag("date", "firstRegisterDate", "注册登记日期", "", "")}}}
	a := &Answers{}
	if err := ParseSets(a, []string{"firstRegisterDate=2020/05/06"}); err != nil {
		t.Fatal(err)
	}
	_, err := Fill(context.Background(), FillOptions{Transaction: sunshine.TxnQuote, Form: form, Answers: a})
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 {
		t.Fatalf("%v", err)
	}
	f := fe.Fields[0]
	if !strings.Contains(f.Rule, "yyyy-MM-dd") || strings.Contains(f.Rule, "for example") ||
		f.Example != "--set firstRegisterDate=2026-03-02" {
		t.Fatalf("rule %q, example %q", f.Rule, f.Example)
	}
}
