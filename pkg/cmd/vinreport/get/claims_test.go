package get

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/paoding"
)

// On an 80-column terminal every claim amount, plate and item is shown
// whole: an amount cut to "¥5400.…" or "¥10400…" cannot be read.
func TestClaimsAreReadableAt80Columns(t *testing.T) {
	var r paoding.Report
	data := `{"status":2,"orderId":"O-1","platformOrderId":"P",
		"claimReportStatus":0,"claimReport":{"claimCount":"2","claimMoney":"1580000","repairMoney":"1050000","repairCount":"2","renewMoney":"530000","renewCount":"1",
		"carClaimRecords":[
		{"dangerTime":"2024-01-23 19:00:00","licenseNo":"粤A3450E","vehicleModel":"宝骏 宝骏560 1.8L MT","damageMoney":"540000","repairAmount":"540000","renewalAmount":"0","otherAmount":"0",
		 "claimDetails":[{"itemName":"钣金喷漆","itemType":"维修","itemAmount":"390000"},{"itemName":"前机盖整形","itemType":"维修","itemAmount":"150000"}]},
		{"dangerTime":"2025-01-16 09:00:00","licenseNo":"粤A3450E","vehicleModel":"宝骏 宝骏560 1.8L MT","damageMoney":"1040000","repairAmount":"510000","renewalAmount":"280000","otherAmount":"250000",
		 "claimDetails":[{"itemName":"后尾灯","itemType":"换件","itemAmount":"280000"},{"itemName":"钣金喷漆","itemType":"维修","itemAmount":"510000"},{"itemName":"拖车费","itemType":"其他","itemAmount":"250000"}]}]}}`
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		t.Fatal(err)
	}
	for _, cols := range []string{"80", "120"} {
		t.Run(cols, func(t *testing.T) {
			t.Setenv("COLUMNS", cols)
			ios, _, _, _ := iostreams.Test()
			var b strings.Builder
			if err := Render(&b, ios.ColorScheme(), &r); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, want := range []string{"粤A3450E", "宝骏 宝骏560 1.8L MT",
				"¥5400.00", "¥10400.00", "¥5100.00", "¥2800.00", "¥2500.00",
				"钣金喷漆 (维修) ¥3900.00", "前机盖整形 (维修) ¥1500.00", "后尾灯 (换件) ¥2800.00", "拖车费 (其他) ¥2500.00"} {
				if !strings.Contains(out, want) {
					t.Errorf("missing %q at %s columns:\n%s", want, cols, out)
				}
			}
			if strings.Contains(out, "…") {
				t.Errorf("something was cut at %s columns:\n%s", cols, out)
			}
		})
	}
}
