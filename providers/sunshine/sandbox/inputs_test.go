package sandbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	sun "github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// 095 and 100 take a city code Sunshine hands out (the city look-up's
// id), not any eight digits: a code the look-up does not know is refused
// before a session opens, as delivery regions and models already are.
func TestUnknownCityCodeIsRefused(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	ctx := context.Background()
	_, err := c.Send(ctx, sun.RequestSpec{Transaction: "095", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "99999999", "licenseNo", "冀A00021", "noLicenseFlag", "0")}})
	if err == nil || !strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), "99999999") {
		t.Errorf("095: %v", err)
	}
	_, err = c.Send(ctx, sun.RequestSpec{Transaction: "100", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "99999999",
		"licenseNo", "冀A00021", "noLicenseFlag", "0", "ownerName", "王五", "ownerMobile", "13800138000",
		"agentCode", sandbox.TestAgentCode, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
	if err == nil || !strings.Contains(err.Error(), "[400]") || !strings.Contains(err.Error(), "cityCode") {
		t.Errorf("100: %v", err)
	}
	// Every code the look-up gives is taken.
	for _, code := range []string{"07518800", "01562800", "03546710"} {
		if _, err := c.Send(ctx, sun.RequestSpec{Transaction: "095", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", code, "noLicenseFlag", "1")}}); err != nil {
			t.Errorf("095 in %s: %v", code, err)
		}
	}
}

// The frame number is the registration certificate's, at most 17
// characters (both input tables): an older vehicle's shorter one is
// quoted, an 18-character one is asked for again.
func TestFrameNumberUpTo17Characters(t *testing.T) {
	c := client(t, server(t, state.NewMemory()).URL)
	ctx := context.Background()
	for frame, priced := range map[string]bool{"LFV2A11G8C30": true, "LSVAM4187C2184321": true, "LSVAM4187C21843210": false} {
		r, err := c.Send(ctx, sun.RequestSpec{Transaction: "100", InputsList: []sun.Inputs{in("vehicleInfo", "cityCode", "07518800",
			"noLicenseFlag", "1", "ownerName", "王五", "ownerMobile", "13800138000",
			"agentCode", sandbox.TestAgentCode, "spsource", sandbox.TestSpSource, "netcampaignno", sandbox.TestNetCampaignNo)}})
		if err != nil {
			t.Fatal(err)
		}
		r, err = c.Send(ctx, sun.RequestSpec{Transaction: "105", SessionID: r.Header.SessionID, InputsList: []sun.Inputs{in("vehicleInfo",
			"vehicleFrameNo", frame, "engineNo", "E1", "vehicleId", "XDAAMD0068", "firstRegisterDate", "2025-12-01",
			"ownerName", "王五", "ownerIdNo", "440106198001011230")}})
		if err != nil {
			t.Fatalf("%s: %v", frame, err)
		}
		if (r.Status == "100") != priced {
			t.Errorf("%s (%d characters): status %s %s", frame, len(frame), r.Status, r.Message())
		}
	}
}
