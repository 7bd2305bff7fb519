package paoding_test

import (
	"testing"

	"github.com/insurekit/insure/providers/paoding"
)

// Expected values were computed independently (Python hashlib), since the
// document gives the formula but no worked example.
func TestSign(t *testing.T) {
	tests := []struct{ user, pass, digest, sign string }{
		{"sandbox-4s", "sandbox-4s-pass", "27ab5d3f2207c5c1bb445c76516552a4", "c3750b583be47ba43bde9a01754004db"},
		{"admin", "password", "5f4dcc3b5aa765d61d8327deb882cf99", "90871c8584ddf2265f54553a305b6ae1"},
		{"test", "123456", "e10adc3949ba59abbe56e057f20f883e", "9b8c343a439678df948e526aea5d5ad6"},
		{"张三", "密码", "", "9348d4dbd7b24b9872c8c28333f20fbe"},
	}
	for _, tt := range tests {
		if tt.digest != "" {
			if got := paoding.PasswordDigest(tt.pass); got != tt.digest {
				t.Errorf("PasswordDigest for user %s = %s, want %s", tt.user, got, tt.digest)
			}
		}
		if got := paoding.Sign(tt.user, tt.pass); got != tt.sign {
			t.Errorf("Sign for user %s = %s, want %s", tt.user, got, tt.sign)
		}
	}
}
