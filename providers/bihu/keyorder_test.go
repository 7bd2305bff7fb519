package bihu

import (
	"strings"
	"testing"
)

// The renewal order is strings.ToLower(a) < strings.ToLower(b), ties by
// the keys themselves, for any keys including non-ASCII and invalid UTF-8.
func TestKeyOrderMatchesLowerCaseOrder(t *testing.T) {
	keys := []string{"", "a", "A", "ab", "aB", "Ab", "b", "secretKey", "SecretKey", "TimeStamp", "timestamp",
		"Token", "Z", "_", "[", "É", "é", "ÉCOLE", "école", "\xff", "\uFFFD", "İ", "i", "K", "\u212a", "京", "京A"}
	want := func(a, b string) bool {
		la, lb := strings.ToLower(a), strings.ToLower(b)
		if la != lb {
			return la < lb
		}
		return a < b
	}
	for _, a := range keys {
		for _, b := range keys {
			if got := keyLess(a, b); got != want(a, b) {
				t.Errorf("keyLess(%q, %q) = %v, want %v", a, b, got, want(a, b))
			}
		}
	}
}

// The fast path's fixed order must be the order keyLess gives.
func TestRenewalKeyOrderSorted(t *testing.T) {
	for i := 1; i < len(renewalKeyOrder); i++ {
		if !keyLess(renewalKeyOrder[i-1], renewalKeyOrder[i]) {
			t.Errorf("renewalKeyOrder: %q before %q", renewalKeyOrder[i-1], renewalKeyOrder[i])
		}
	}
	for i, k := range renewalKeyOrder {
		if got := renewalSlot(k); i != secretSlot && got != i {
			t.Errorf("renewalSlot(%q) = %d, want %d", k, got, i)
		}
	}
	if renewalKeyOrder[secretSlot] != SecretKeyName || renewalSlot(SecretKeyName) != -1 {
		t.Errorf("the secret's slot is %d (%q)", secretSlot, renewalKeyOrder[secretSlot])
	}
}
