package pemtext

import "testing"

func TestNormalize(t *testing.T) {
	block := "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMvVN0nDm1IqxDdeaNsoK6Tdq23zbm7x\n9d7kJf0wuNqNqDT4lFvL8IoNnjHrSnmRk+2P+ubJJM+6FfwCHDW1B7ECAwEAAQ==\n-----END PUBLIC KEY-----\n"
	for in, want := range map[string]string{
		block: block, // already PEM: unchanged
		"-----BEGIN PUBLIC KEY----- MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMvVN0nDm1IqxDdeaNsoK6Tdq23zbm7x 9d7kJf0wuNqNqDT4lFvL8IoNnjHrSnmRk+2P+ubJJM+6FfwCHDW1B7ECAwEAAQ== -----END PUBLIC KEY-----": block,
		"/etc/insure/partner.pem":                      "/etc/insure/partner.pem",                      // not PEM text
		"-----BEGIN PUBLIC KEY----- not base64 at all": "-----BEGIN PUBLIC KEY----- not base64 at all", // unreadable: unchanged
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
