package httpx

import (
	"strings"
	"testing"
)

// A server that pads its error text and then echoes the key: an excerpt
// cut through the key showed its first part, which no masker after the
// cut could recognise. The key is masked before the cut.
func TestExcerptMasksBeforeItCuts(t *testing.T) {
	const key = "SEKRETebao7777zz"
	const perRequest = "0123456789ABCDEF0123456789ABCDEF"
	r := Request{Secrets: []string{key}, PerRequest: []string{perRequest}}
	for _, pad := range []int{0, 185, 190, 195, 199} {
		for _, secret := range []string{key, perRequest} {
			text := strings.Repeat("x", pad) + secret + " tail"
			got := r.Excerpt(text, 200)
			for k := 4; k <= len(secret); k++ {
				if strings.Contains(got, secret[:k]) {
					t.Fatalf("pad %d: %q shows %q of the secret", pad, got, secret[:k])
				}
			}
		}
		got := Excerpt(strings.Repeat("x", pad)+key, 200)
		if strings.Contains(got, key[:4]) {
			t.Errorf("pad %d: %q shows the known key's start", pad, got)
		}
	}
	if got := Excerpt("密钥不对", 2); got != "密钥..." {
		t.Errorf("cut by runes: %q", got)
	}
	if got := Excerpt("short", 200); got != "short" {
		t.Errorf("uncut: %q", got)
	}
}
