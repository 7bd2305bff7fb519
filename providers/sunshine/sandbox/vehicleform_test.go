package sandbox_test

import (
	"context"
	"os"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The vehicle form the 100 step answers comes with the defaults of the
// manual's example (no OCR, five seats, not a transferred car), so a
// person who confirms it on a terminal is not taken to have a transferred
// car because the first option of the radio is 是.
func TestVehicleFormHasTheManualsDefaults(t *testing.T) {
	raw, err := os.ReadFile("../testdata/manual/100-response-200.xml")
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := sunshine.EncodeGBK(raw)
	if err != nil {
		t.Fatal(err)
	}
	manual, err := sunshine.ReadResponse(gbk)
	if err != nil {
		t.Fatal(err)
	}
	c := client(t, server(t, state.NewMemory()).URL)
	r, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "08512200"}, {Name: "noLicenseFlag", Value: "1"}, {Name: "ownerName", Value: "儿童"}, {Name: "ownerMobile", Value: "13800138000"},
		{Name: "agentCode", Value: sandbox.TestAgentCode}, {Name: "spsource", Value: sandbox.TestSpSource}, {Name: "netcampaignno", Value: sandbox.TestNetCampaignNo}}}}})
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]string{}
	for _, g := range r.TagsList {
		for _, tag := range g.Tags {
			ours[tag.Key()] = tag.Value()
		}
	}
	checked := 0
	for _, g := range manual.TagsList {
		for _, tag := range g.Tags {
			if v := tag.Value(); v != "" {
				checked++
				if got, ok := ours[tag.Key()]; !ok || got != v {
					t.Errorf("%s: %q, the manual's form has %q", tag.Key(), got, v)
				}
			}
		}
	}
	if checked < 4 {
		t.Fatalf("only %d prefilled controls in the manual's form", checked)
	}
}
