package validate

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
)

// FuzzValidators feeds one arbitrary string to every validator. Property:
// none panics, a refusal always says why, and what a validator accepts
// has the shape its rule describes.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{
		// The documents' examples.
		"LSVAU2180N2183294", "LS4ASE2A2GJ137027", "LSGPC52U6AF102554",
		"ＬＳＶＡＵ２１８０Ｎ２１８３２９４", "LSVAU2180Ｎ2183294", "ｌｓｖａｕ２１８０ｎ２１８３２９４", "LSVAU2180N218329é",
		"11010519491231002X", "110101199003070016", "11010519491231002x", "110105194912310021",
		"京A12345", "京J97896", "粤B12345D", "沪AD12345", "京A1234学",
		"13800138000", "19912345678", "12345678901",
		"zhang.san@example.com", "a@b.c", "Zhang <z@example.com>", "a@b", "@example.com",
		"", " ", "\x00", "\xff\xfe", "ÿ", "京\xffA12345", strings.Repeat("9", 18),
		"11010520000230001X", "11010518991231001X", "11010599991231001X",
		"132456180001011234", "一23456199001011234", "一二199001011234567", "11010500000101001X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if fe := VIN(v); fe == nil {
			if len(v) != 17 {
				t.Fatalf("VIN %q accepted with %d bytes", v, len(v))
			}
			for _, r := range v {
				if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') || strings.ContainsRune("IOQ", r) {
					t.Fatalf("VIN %q accepted with %q", v, r)
				}
			}
		} else if fe.Rule == "" {
			t.Fatalf("VIN %q refused without a rule", v)
		} else if want := fmt.Sprintf("(got %d)", utf8.RuneCountInString(v)); strings.Contains(fe.Rule, "17 characters") && !strings.HasSuffix(fe.Rule, want) {
			t.Fatalf("VIN %q refused with %q: its length is %d characters", v, fe.Rule, utf8.RuneCountInString(v))
		} else if strings.Contains(fe.Rule, "(got 17)") {
			t.Fatalf("VIN %q of 17 characters refused for its length", v)
		} else if VIN(fe.Example) != nil {
			t.Fatalf("VIN %q refused with the example %q, which is no VIN", v, fe.Example)
		}

		if fe := ResidentIDNumber(v); fe == nil {
			if len(v) != 18 {
				t.Fatalf("resident ID %q accepted with %d bytes", v, len(v))
			}
			if _, err := ResidentIDDate(v); err != nil {
				t.Fatalf("resident ID %q accepted but its date does not read: %v", v, err)
			}
			if got := strings.ToUpper(v[17:]); got != string(ResidentIDCheckChar(v[:17])) {
				t.Fatalf("resident ID %q accepted with check character %s", v, got)
			}
		} else if fe.Rule == "" {
			t.Fatalf("resident ID %q refused without a rule", v)
		}
		if fe := ResidentID(v); fe == nil {
			if ResidentIDNumber(v) != nil {
				t.Fatalf("resident ID %q accepted, but not its form", v)
			}
			if _, err := ResidentIDBirthDate(v); err != nil {
				t.Fatalf("resident ID %q accepted but its birth date does not read: %v", v, err)
			}
		} else if fe.Rule == "" {
			t.Fatalf("resident ID %q refused without a rule", v)
		}
		// No refusal calls a real date "not a real date".
		for _, fe := range []*failure.FieldError{ResidentID(v), ResidentIDNumber(v)} {
			if _, err := ResidentIDDate(v); err == nil && fe != nil && strings.Contains(fe.Rule, "not a real date") {
				t.Fatalf("resident ID %q refused with %q", v, fe.Rule)
			}
		}
		// Any 17 digits with a date become a well-formed ID with the
		// computed check character, and a valid one when the date is a
		// plausible birth date.
		if len(v) >= 17 && isDigits(v[:17]) {
			id := v[:17] + string(ResidentIDCheckChar(v[:17]))
			_, dateErr := ResidentIDDate(id)
			if (ResidentIDNumber(id) == nil) != (dateErr == nil) {
				t.Fatalf("resident ID %q: well-formed=%v but date error %v", id, ResidentIDNumber(id) == nil, dateErr)
			}
			_, birthErr := ResidentIDBirthDate(id)
			if (ResidentID(id) == nil) != (birthErr == nil) {
				t.Fatalf("resident ID %q: valid=%v but birth date error %v", id, ResidentID(id) == nil, birthErr)
			}
		}

		if fe := Mobile(v); fe == nil {
			if len(v) != 11 || !isDigits(v) || v[0] != '1' || v[1] < '3' {
				t.Fatalf("mobile %q accepted", v)
			}
		} else if fe.Rule == "" {
			t.Fatalf("mobile %q refused without a rule", v)
		}

		if fe := Email(v); fe == nil {
			at := strings.LastIndexByte(v, '@')
			if at < 1 || !strings.Contains(v[at+1:], ".") || !utf8.ValidString(v) {
				t.Fatalf("e-mail %q accepted", v)
			}
		} else if fe.Rule == "" {
			t.Fatalf("e-mail %q refused without a rule", v)
		}

		ordinary, newEnergy := Plate(v, false), Plate(v, true)
		if ordinary == nil {
			if n := utf8.RuneCountInString(v); n != 7 {
				t.Fatalf("plate %q accepted with %d characters", v, n)
			}
			if newEnergy != nil {
				t.Fatalf("plate %q accepted as ordinary but refused when new-energy plates are allowed: %s", v, newEnergy.Rule)
			}
		}
		if newEnergy == nil {
			if n := utf8.RuneCountInString(v); n != 7 && n != 8 {
				t.Fatalf("plate %q accepted with %d characters", v, n)
			}
			r, _ := utf8.DecodeRuneInString(v)
			if !strings.ContainsRune(Provinces, r) {
				t.Fatalf("plate %q accepted without a province", v)
			}
		}

		// Characters 7-14, not bytes 7-14.
		if d, err := ResidentIDDate(v); err == nil && d.Format("20060102") != string([]rune(v)[6:14]) {
			t.Fatalf("date of %q read as %v", v, d)
		}
		if d, err := ResidentIDBirthDate(v); err == nil && d.Year() < 1900 {
			t.Fatalf("birth date of %q read as %v", v, d)
		}
	})
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
