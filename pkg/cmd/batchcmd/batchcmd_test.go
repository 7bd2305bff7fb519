package batchcmd

import (
	"testing"

	"github.com/insurekit/insure/providers/paoding"
)

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"cars.csv": "cars.csv", "my cars.csv": "'my cars.csv'", "it's": `'it'\''s'`, "": "''"} {
		if got := shellQuote(in); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}

func TestLimitersFollowTheDailyQuota(t *testing.T) {
	l, err := Limiters(paoding.Provider, paoding.OpReportBuy, "")
	if err != nil || len(l) != 1 || l[0].Burst() != paoding.DailyQuotas[paoding.OpReportBuy].Production {
		t.Fatalf("%v %v", l, err)
	}
	if l, err := Limiters("ebao", "quotation", ""); err != nil || len(l) != 0 {
		t.Fatalf("ebao: %v %v", l, err)
	}
	if l, err := Limiters("ebao", "quotation", "5/s"); err != nil || len(l) != 1 || l[0].Limit() != 5 {
		t.Fatalf("--rate: %v %v", l, err)
	}
	if _, err := Limiters("ebao", "quotation", "fast"); err == nil {
		t.Fatal("a bad --rate was accepted")
	}
}
