package purchase_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

func driver(name string) sunshine.Inputs {
	return sunshine.Inputs{Type: "driverInfo", Inputs: []sunshine.Input{{Name: "driverName", Value: name}}}
}

// Malformed group indexes are all reported at once, naming what was typed.
func TestSetsWithBadGroupIndexes(t *testing.T) {
	bad := []string{"driverInfo[x].driverName=A", "[1].driverName=A", "driverInfo[1]=A", "driverInfo[100].driverName=A", "driverInfo[-1].driverName=A"}
	err := purchase.ParseSets(&purchase.Answers{}, append([]string{"driverInfo[1].driverName=B"}, bad...))
	if failure.KindOf(err) != failure.Usage {
		t.Fatalf("%v", err)
	}
	for _, s := range bad {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q not named: %v", s, err)
		}
	}
	if strings.Contains(err.Error(), "driverInfo[1].driverName=B") {
		t.Errorf("a good one refused: %v", err)
	}
}

// A session remembers each driver in its own group, and forgets the
// second once a step sends only one.
func TestSessionKeepsRepeatedGroupsApart(t *testing.T) {
	s := &purchase.Session{}
	s.Remember([]sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{{Name: "seats", Value: "5"}}}, driver("A"), driver("B")})
	if got := fmt.Sprint(s.SentInputs(nil)); got != "[{driverInfo [{driverName A}]} {driverInfo [{driverName B}]} {vehicleInfo [{seats 5}]}]" {
		t.Fatalf("remembered %s", got)
	}
	// Merged with a later answer for the second driver only: it changes
	// the second group, not the first.
	second := []sunshine.Inputs{{Type: "driverInfo"}, driver("C")}
	if got := fmt.Sprint(purchase.Merge(s.SentInputs(nil), second)); got != "[{driverInfo [{driverName A}]} {driverInfo [{driverName C}]} {vehicleInfo [{seats 5}]}]" {
		t.Fatalf("merged %s", got)
	}
	s.Remember([]sunshine.Inputs{driver("D")})
	if got := fmt.Sprint(s.SentInputs(nil)); got != "[{driverInfo [{driverName D}]} {vehicleInfo [{seats 5}]}]" {
		t.Fatalf("after one driver was sent: %s", got)
	}
}
