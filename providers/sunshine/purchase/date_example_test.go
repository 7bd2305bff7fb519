package purchase

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// A malformed date in a script is exit 2 giving the format once and one
// example the person can paste: a real date, not Go's layout string, and
// one that is not stale (today's).
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
		f.Example != "--set firstRegisterDate="+Today(time.Now()) {
		t.Fatalf("rule %q, example %q", f.Rule, f.Example)
	}
}

// The example of a start date is one the platform takes: tomorrow in
// China time. It was a fixed 2026-03-02, refused as past once that day
// had gone, by the client's check as by the platform.
func TestStartDateExampleIsTomorrow(t *testing.T) {
	form := []sunshine.Tags{{Type: "deadline", Tags: []sunshine.Tag{tag("date", "bizBeginDate", "商业险起保日期", "2026-03-03", ""),
		tag("date", "forceBeginDate", "交强险起保日期", "2026-03-03", "")}}}
	tomorrow := Today(time.Now().AddDate(0, 0, 1))
	for _, f := range MissingFields(form) {
		key := strings.TrimPrefix(f.Field, "deadline.")
		if f.Example != "--set "+key+"="+tomorrow {
			t.Errorf("%s: example %q, want tomorrow %s", f.Field, f.Example, tomorrow)
		}
		if e := keyRule(key, tomorrow, time.Time{}); e != nil {
			t.Errorf("%s: the example is refused: %v", f.Field, e)
		}
	}
}
