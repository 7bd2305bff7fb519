package batchcmd

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

func TestLimitersFollowTheDailyQuota(t *testing.T) {
	l, err := Limiters(paoding.Provider, paoding.OpReportBuy, "", 0)
	if err != nil || len(l) != 1 || l[0].Burst() != paoding.DailyQuotas[paoding.OpReportBuy].Production {
		t.Fatalf("%v %v", l, err)
	}
	if l, err := Limiters("ebao", "quotation", "", 0); err != nil || len(l) != 0 {
		t.Fatalf("ebao: %v %v", l, err)
	}
	if l, err := Limiters("ebao", "quotation", "5/s", 0); err != nil || len(l) != 1 || l[0].Limit() != 5 {
		t.Fatalf("--rate: %v %v", l, err)
	}
	if _, err := Limiters("ebao", "quotation", "fast", 0); err == nil {
		t.Fatal("a bad --rate was accepted")
	}
}

// A bad --rate is refused naming the flag, with good values: the message
// said only `rate "0": ...`, which a script's author had to map back.
func TestABadRateNamesTheFlag(t *testing.T) {
	for _, spec := range []string{"0", "abc", "-5/s", "1/d", "NaN/s"} {
		_, err := Limiters("ebao", "quotation", spec, 0)
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.ExitCode() != 2 || !strings.HasPrefix(fe.Message, `--rate "`+spec+`"`) ||
			!strings.Contains(fe.Message, "nothing was sent") || !strings.Contains(fe.Hint, "--rate 20/s") {
			t.Errorf("%s: %v (%+v)", spec, err, fe)
		}
	}
}
