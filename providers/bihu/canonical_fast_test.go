package bihu

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// renewalKeyPool mixes the renewal's own keys with what `insure api` may
// pass: the same names in other cases, SecCode and secretKey spelt
// several ways, unknown and non-ASCII keys.
var renewalKeyPool = []string{
	ParamAgentID, ParamCarVin, ParamCityCode, ParamEngineNo, ParamLicenseNo, ParamTimeStamp, ParamToken,
	ParamSecCode, SecretKeyName, "seccode", "SECCODE", "SecretKey", "secretkey",
	"agentid", "AGENTID", "token", "Timestamp", "licenseNo", "CarVIN",
	"Extra", "a", "Z", "_", "", "京", "É", "\xff", "Token2", "LicenseNo ",
}

var renewalValuePool = []string{"", "", "1", "102", "京J97896", "LS4ASE2A2GJ137027", "1489044754", exToken, "a&b=c", "\xff\xfe", "é"}

// checkFastPath compares the canonical string and code with the general
// (sorting) path's for one parameter set.
func checkFastPath(t *testing.T, params map[string]string, secret string) {
	t.Helper()
	want := string(appendRenewalCanonicalSorted(nil, params, secret))
	if got := RenewalCanonical(params, secret); got != want {
		t.Fatalf("params %q, secret %q:\n fast    %q\n general %q", params, secret, got, want)
	}
	for _, lower := range []bool{false, true} {
		c, code := RenewalSecCode(params, secret, lower)
		if c != want || code != md5Hex(want, lower) {
			t.Fatalf("params %q, secret %q, lower %v: RenewalSecCode = %q, %s; want %q, %s",
				params, secret, lower, c, code, want, md5Hex(want, lower))
		}
	}
}

// Property: on any parameter set, the fixed-order fast path and the
// general path agree byte for byte.
func TestRenewalCanonicalFastPathMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2026))
	secrets := []string{"", exSecret, "s&k=v", strings.Repeat("x", 300)}
	for n := 0; n < 20000; n++ {
		params := map[string]string{}
		known := n%2 == 0 // half the sets use only the renewal's own keys
		for m := r.IntN(10); m > 0; m-- {
			pool := renewalKeyPool
			if known {
				pool = renewalKeyPool[:9]
			}
			params[pool[r.IntN(len(pool))]] = renewalValuePool[r.IntN(len(renewalValuePool))]
		}
		if r.IntN(20) == 0 { // longer than the stack buffer
			params[ParamToken] = strings.Repeat("T", 200+r.IntN(200))
		}
		checkFastPath(t, params, secrets[r.IntN(len(secrets))])
	}
}

// FuzzRenewalCanonicalFastPath builds a parameter set from the input: each
// line is key=value, and a key starting with '#' picks one of the pool's.
func FuzzRenewalCanonicalFastPath(f *testing.F) {
	f.Add("AgentId=102\nCityCode=1\nLicenseNo=京J97896\nTimeStamp=1489044754\nToken="+exToken, exSecret)
	f.Add("CarVin=LS4ASE2A2GJ137027\nEngineNo=2192209\nSecCode=X\nsecretKey=leak\nLicenseNo=", exSecret)
	f.Add("agentid=1\nAgentId=2\n#3=x", "")
	f.Fuzz(func(t *testing.T, lines, secret string) {
		params := map[string]string{}
		for _, line := range strings.Split(lines, "\n") {
			k, v, _ := strings.Cut(line, "=")
			if strings.HasPrefix(k, "#") && len(k) > 1 {
				k = renewalKeyPool[int(k[1])%len(renewalKeyPool)]
			}
			params[k] = v
		}
		checkFastPath(t, params, secret)
	})
}
