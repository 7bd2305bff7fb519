package bihu

import "testing"

// BenchmarkRenewalSecCode is the renewal SecCode of the document's plate
// example (five parameters and the secret).
func BenchmarkRenewalSecCode(b *testing.B) {
	params := map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": "102",
		"Token": exToken, "TimeStamp": "1489044754"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = RenewalSecCode(params, exSecret, false)
	}
}

func BenchmarkLoginSecCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = LoginSecCode("102", "acme", exSecret, "1489044754", "600", false)
	}
}

// BenchmarkRenewalSecCodeSorted is the general path: a key the fast path
// does not know (as `insure api` may pass) makes it sort.
func BenchmarkRenewalSecCodeSorted(b *testing.B) {
	params := map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": "102",
		"Token": exToken, "TimeStamp": "1489044754", "Extra": "x"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = RenewalSecCode(params, exSecret, false)
	}
}
