package sunshine

import "testing"

// firstOutsideGBK reads bytes where outsideGBK reads characters: the two
// agree on every character of the Basic Multilingual Plane, alone and
// between others.
func TestFirstOutsideGBKIsOutsideGBK(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		for _, s := range []string{string(r), "中" + string(r) + "a"} {
			got, found := firstOutsideGBK([]byte(s))
			if want := outsideGBK(r); found != want || (found && got != r) {
				t.Fatalf("U+%04X in %q: firstOutsideGBK = %q, %v; outsideGBK = %v", r, s, got, found, want)
			}
		}
	}
}
