package validate

import "testing"

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
