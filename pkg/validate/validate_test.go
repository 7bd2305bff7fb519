package validate

import (
	"strings"
	"testing"
)

func TestVIN(t *testing.T) {
	for v, ok := range map[string]bool{
		"LSVAU2180N2183294": true, "LS4ASE2A2GJ137027": true,
		"LSVAU2180N218329": false, "LSVAU2180N2183I94": false, "lsvau2180n2183294": false, "LSVAU2180N21832-4": false,
	} {
		if got := VIN(v) == nil; got != ok {
			t.Errorf("VIN(%q) ok=%v, want %v", v, got, ok)
		}
	}
}

func TestResidentID(t *testing.T) {
	for v, ok := range map[string]bool{
		"11010519491231002X": true, "11010519491231002x": true, "440308199901101512": true,
		"110105194912310021": false, // wrong check char
		"132456199001011234": true,  // the ebao document's example is valid
		"110105194913310020": false, // month 13
		"1101051949123100":   false,
	} {
		if got := ResidentID(v) == nil; got != ok {
			t.Errorf("ResidentID(%q) ok=%v, want %v (%v)", v, got, ok, ResidentID(v))
		}
	}
}

func TestMobileEmailPlate(t *testing.T) {
	if Mobile("15710023568") != nil || Mobile("12345678901") == nil || Mobile("1571002356") == nil {
		t.Error("mobile")
	}
	if Email("Shop.Zhang@123.com") != nil || Email("no-at.example.com") == nil || Email("a@b") == nil || Email("x y@z.com") == nil {
		t.Error("email")
	}
	if Plate("京J97896", false) != nil || Plate("冀A00021", false) != nil {
		t.Error("plate good")
	}
	if Plate("京AD12345", false) == nil || Plate("XA12345", false) == nil || Plate("京112345", false) == nil {
		t.Error("plate bad")
	}
}

// A real date at characters 7-14 before 1900 or in the future is a
// well-formed number (eBao's document asks only for a date there) but no
// plausible birth date; neither is called "not a real date", and
// characters are counted, not bytes.
func TestResidentIDDateOutsideBirthRange(t *testing.T) {
	for _, id := range []string{"132456180001011234", "132456209901011236"} {
		if fe := ResidentIDNumber(id); fe != nil {
			t.Errorf("ResidentIDNumber(%q) = %q, want it well-formed", id, fe.Rule)
		}
		fe := ResidentID(id)
		if fe == nil {
			t.Errorf("ResidentID(%q) accepted an implausible birth date", id)
			continue
		}
		want := id[6:10] + "-" + id[10:12] + "-" + id[12:14]
		if !strings.Contains(fe.Rule, want) || !strings.Contains(fe.Rule, "from 1900 to today") || strings.Contains(fe.Rule, "not a real date") {
			t.Errorf("ResidentID(%q) = %q", id, fe.Rule)
		}
		if _, err := ResidentIDBirthDate(id); err == nil || strings.Contains(err.Error(), "not a real date") {
			t.Errorf("ResidentIDBirthDate(%q) error %v", id, err)
		}
	}
	for id, want := range map[string]string{
		"110105194913310020":  "19491331 is not a real date",
		"11010500000101001X":  "00000101 is not a real date",
		"一23456199001011234":  "characters 1-17 of a resident ID are digits (character 1 is '一')",
		"一二34561990010112345": "a resident ID is 18 characters (got 19)",
	} {
		if fe := ResidentIDNumber(id); fe == nil || !strings.Contains(fe.Rule, want) {
			t.Errorf("ResidentIDNumber(%q) = %v, want %q", id, fe, want)
		}
	}
	// Two Chinese characters in front: bytes 7-14 are 19900101, characters
	// 7-14 are 01011234, no date.
	if _, err := ResidentIDDate("一二199001011234567"); err == nil || !strings.Contains(err.Error(), "01011234 is not a real date") {
		t.Errorf("ResidentIDDate read bytes: %v", err)
	}
	if d, err := ResidentIDDate("一23456199001011234"); err != nil || d.Format("20060102") != "19900101" {
		t.Errorf("ResidentIDDate = %v, %v", d, err)
	}
}

func TestVINCountsCharactersAndNamesFullWidth(t *testing.T) {
	for _, tc := range []struct{ v, rule, example string }{
		// Typed with a Chinese input method: 17 characters, 51 bytes.
		{"ＬＳＶＡＵ２１８０Ｎ２１８３２９４", "a VIN is written in half-width letters and digits (character 1 is the full-width 'Ｌ')", "LSVAU2180N2183294"},
		{"LSVAU2180Ｎ2183294", "a VIN is written in half-width letters and digits (character 10 is the full-width 'Ｎ')", "LSVAU2180N2183294"},
		// Half-width it would still not be a VIN: the usual example.
		{"ＬＳＶＡＵ２１８０Ｎ２１８３２９", "a VIN is written in half-width letters and digits (character 1 is the full-width 'Ｌ')", vinExample},
		{"LSVAU2180N21832９Ｏ", "a VIN is written in half-width letters and digits (character 16 is the full-width '９')", vinExample},
		{"LSVAU2180N218329Ä", "a VIN has digits and letters other than I, O and Q (character 17 is 'Ä')", vinExample},
		{"LSVAU2180N218329 ", "a VIN has digits and letters other than I, O and Q (character 17 is ' ')", vinExample},
		{"LSVAU2180N218329", "a VIN is 17 characters (got 16)", vinExample},
		{"LSVAU2180N2183I94", "a VIN has digits and letters other than I, O and Q (character 15 is 'I')", vinExample},
	} {
		fe := VIN(tc.v)
		if fe == nil {
			t.Errorf("VIN(%q) accepted", tc.v)
			continue
		}
		if fe.Rule != tc.rule || fe.Example != tc.example {
			t.Errorf("VIN(%q) = %q (for example %s)\nwant %q (for example %s)", tc.v, fe.Rule, fe.Example, tc.rule, tc.example)
		}
	}
}
