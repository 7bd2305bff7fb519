package bihu

import (
	"strings"
	"testing"
)

// The worked examples in docs/providers/bihu.md, with the sandbox's test
// secret (not a real one) and the document's token and agent. The expected
// codes were computed outside Go (Python hashlib) so the test checks more
// than the code agreeing with itself.
const (
	exSecret = "bihu-sandbox-secret"
	exToken  = "4773EEC3EE9B572851C11DF730DCE827"
)

func TestLoginSecCode(t *testing.T) {
	canonical, code := LoginSecCode("102", "insure-test", exSecret, "1489044754", "7200", false)
	wantC := "agentId=102&userName=insure-test&secretKey=" + exSecret + "&timestamp=1489044754&timeout=7200"
	if canonical != wantC {
		t.Errorf("canonical = %q, want %q", MaskCanonical(canonical, exSecret), MaskCanonical(wantC, exSecret))
	}
	if code != "46008B1AE6A9AAE896529428AFB124F8" {
		t.Errorf("code = %s", code)
	}
	if _, lower := LoginSecCode("102", "insure-test", exSecret, "1489044754", "7200", true); lower != "46008b1ae6a9aae896529428afb124f8" {
		t.Errorf("lower-case code = %s", lower)
	}
}

func TestRenewalSecCode(t *testing.T) {
	for _, tc := range []struct {
		name      string
		params    map[string]string
		canonical string
		code      string
	}{
		{
			name: "plate",
			params: map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "AgentId": "102",
				"Token": exToken, "TimeStamp": "1489044754"},
			canonical: "AgentId=102&CityCode=1&LicenseNo=京J97896&secretKey=****&TimeStamp=1489044754&Token=" + exToken,
			code:      "80CF69548DB7815D8925714377AF0846",
		},
		{
			name: "vin, with empty and SecCode entries ignored",
			params: map[string]string{"CarVin": "LS4ASE2A2GJ137027", "EngineNo": "2192209", "CityCode": "1",
				"AgentId": "102", "Token": exToken, "TimeStamp": "1489044754", "LicenseNo": "", "SecCode": "X", "secretKey": "leak"},
			canonical: "AgentId=102&CarVin=LS4ASE2A2GJ137027&CityCode=1&EngineNo=2192209&secretKey=****&TimeStamp=1489044754&Token=" + exToken,
			code:      "E938DCFBB297BF615849C6B0D6E0539B",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			canonical, code := RenewalSecCode(tc.params, exSecret, false)
			if got := MaskCanonical(canonical, exSecret); got != tc.canonical {
				t.Errorf("canonical = %q, want %q", got, tc.canonical)
			}
			if strings.Contains(canonical, "leak") {
				t.Error("a secretKey entry in params was signed")
			}
			if code != tc.code {
				t.Errorf("code = %s, want %s", code, tc.code)
			}
		})
	}
}

func TestRenewalCanonicalOrderIgnoresCase(t *testing.T) {
	got := RenewalCanonical(map[string]string{"token": "t", "Carvin": "v", "agentid": "a", "TimeStamp": "1"}, "k")
	if want := "agentid=a&Carvin=v&secretKey=k&TimeStamp=1&token=t"; got != want {
		t.Errorf("got %q, want %q", MaskCanonical(got, "k"), MaskCanonical(want, "k"))
	}
}

func TestSignOutSecCode(t *testing.T) {
	canonical, code := SignOutSecCode("102", exSecret, exToken, false)
	if got := MaskCanonical(canonical, exSecret); got != "agentId=102&secretKey=****&token="+exToken {
		t.Errorf("canonical = %q", got)
	}
	if code != "10BFA21781F812E11392A72F46CF93EC" {
		t.Errorf("code = %s", code)
	}
}

func TestMaskCanonical(t *testing.T) {
	if got := MaskCanonical("a=1&secretKey=s3&b=2", "s3"); got != "a=1&secretKey=****&b=2" {
		t.Errorf("got %q", got)
	}
	if got := MaskCanonical("a=1", ""); got != "a=1" {
		t.Errorf("empty secret: got %q", got)
	}
	if !SecCodeEqual("abcDEF", "ABCdef") || SecCodeEqual("", "") {
		t.Error("SecCodeEqual")
	}
}
