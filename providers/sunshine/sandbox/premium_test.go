package sandbox

import "testing"

// The premium rules documented in docs/providers/sunshine.md.
func TestPrice(t *testing.T) {
	tests := []struct {
		name         string
		choice       map[string]string
		seats        int
		force        bool
		biz, total   int64
		coverageWant map[string]int64
	}{
		{"basic", packages()["basic"], 5, true, 148200 + 97200 + 22230 + 14580, 148200 + 97200 + 22230 + 14580 + 95000 + 36000,
			map[string]int64{"cov_200": 148200, "cov_600": 97200, "cov_911": 22230, "cov_912": 14580}},
		{"luxury, 7 seats, no compulsory", packages()["luxury"], 7, false, 417725, 417725,
			map[string]int64{"cov_702": 15000, "cov_929": 2250}},
		{"glass and repair shop", map[string]string{"cov_200": "98800.00", "cov_231": "2", "cov_321": "10.00", "cov_640": "10000.00"}, 5, false,
			148200 + 31616 + 14820 + 8000, 148200 + 31616 + 14820 + 8000, nil},
	}
	for _, tt := range tests {
		q := price(tt.choice, tt.seats, tt.force)
		if q.Biz != tt.biz || q.Total != tt.total || q.Standard != q.Biz*100/85+q.ForceTotal {
			t.Errorf("%s: biz %d total %d standard %d", tt.name, q.Biz, q.Total, q.Standard)
		}
		for k, v := range tt.coverageWant {
			if q.Coverages[k] != v {
				t.Errorf("%s: %s = %d, want %d", tt.name, k, q.Coverages[k], v)
			}
		}
	}
	if q := price(packages()["basic"], 7, true); q.Force != ForcePremiumLarge {
		t.Errorf("7 seats: force %d", q.Force)
	}
}

func TestCheckChoice(t *testing.T) {
	bad := checkChoice(map[string]string{"cov_200": "0", "cov_911": "1", "cov_600": "123.00", "cov_701": "10000.00"})
	if len(bad) != 2 || bad[0] != "cov_600" || bad[1] != "cov_911" {
		t.Errorf("bad = %v", bad)
	}
}
