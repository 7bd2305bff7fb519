package sandbox

import (
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// Sent a plate and a VIN, the server checks and looks up the plate alone
// (docs/providers/bihu.md): the answer is the plate's, whatever the VIN's
// last digit would have said.
func TestRenewalWithPlateAndVINFollowsThePlate(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	for _, tc := range []struct {
		plate, vin string
		want       int
	}{
		{"京J97896", "LSVAU2180N2183293", 200},
		{"京A12345", "LSVAU2180N2183294", 206},
		{"京J97500", "LSVAU2180N2183294", 500},
		{"京J97896", "LSVAU2180N2183500", 200},
	} {
		p := f.params(tok, bihu.ParamLicenseNo, tc.plate, bihu.ParamCarVin, tc.vin, bihu.ParamEngineNo, "2192209")
		if status, ans := f.renewal(p, TestSecretKey); status != tc.want {
			t.Errorf("%s with %s: HTTP %d %v, want %d as for the plate alone", tc.plate, tc.vin, status, ans["msg"], tc.want)
		}
		if status, _ := f.renewal(f.params(tok, bihu.ParamLicenseNo, tc.plate), TestSecretKey); status != tc.want {
			t.Errorf("%s alone: HTTP %d, want %d", tc.plate, status, tc.want)
		}
	}
}

// The renewal document spells the timestamp timestamp in its parameter
// table and sorting example, TimeStamp in its JSON examples. A partner
// following either, and signing the names it sends, is accepted; a body
// signed over names it does not send is not.
func TestRenewalSignsTheNamesAsSent(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	ts := f.params(tok)["TimeStamp"]
	send := func(keys map[string]string, signed map[string]string) (int, any) {
		_, code := bihu.RenewalSecCode(signed, TestSecretKey, false)
		body := map[string]any{"SecCode": code}
		for k, v := range keys {
			body[k] = v
		}
		status, ans := f.post("/unite/unitecheckrenewal", js(body))
		return status, ans["msg"]
	}
	table := map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": TestAgentID, "Token": tok, "timestamp": ts}
	if status, msg := send(table, table); status != 200 {
		t.Errorf("key timestamp, signed as timestamp: HTTP %d %v, want 200", status, msg)
	}
	// The sorting example's spellings of the VIN and token.
	example := map[string]string{"Carvin": "LSVAU2180N2183294", "EngineNo": "2192209", "CityCode": "1", "AgentId": TestAgentID, "token": tok, "timestamp": ts}
	if status, msg := send(example, example); status != 200 {
		t.Errorf("sorting example's spellings, signed as sent: HTTP %d %v, want 200", status, msg)
	}
	canonical := map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": TestAgentID, "Token": tok, "TimeStamp": ts}
	if status, msg := send(table, canonical); status != 406 {
		t.Errorf("key timestamp, signed as TimeStamp: HTTP %d %v, want 406", status, msg)
	}
	if status, msg := send(canonical, canonical); status != 200 {
		t.Errorf("key TimeStamp, signed as TimeStamp: HTTP %d %v, want 200", status, msg)
	}
}
