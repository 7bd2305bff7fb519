package bihu

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

func TestLookupCity(t *testing.T) {
	for in, want := range map[string]string{"1": "北京", "北京": "北京", "北京市": "北京", " 23 ": "泰州", "深圳": "深圳", "石家庄": "石家庄"} {
		if c, ok := LookupCity(in); !ok || c.Name != want {
			t.Errorf("LookupCity(%q) = %v %v, want %s", in, c, ok, want)
		}
	}
	for _, in := range []string{"", "0", "24", "宁波"} {
		if c, ok := LookupCity(in); ok {
			t.Errorf("LookupCity(%q) = %v, want none", in, c)
		}
	}
	if len(Cities) != 23 {
		t.Errorf("%d cities, want 23", len(Cities))
	}
}

func TestCityForPlate(t *testing.T) {
	for plate, want := range map[string]string{
		"京J97896": "1", "沪C12345": "6", "渝B12345": "2", "津A12345": "3",
		"粤B12345": "11", "粤A12345": "14", "苏E12345": "16", "川A12345": "4", "冀A00021": "12",
	} {
		if c, ok := CityForPlate(plate); !ok || c.Code != want {
			t.Errorf("CityForPlate(%q) = %v %v, want %s", plate, c, ok, want)
		}
	}
	// Other cities of a province in the table have no default.
	for _, plate := range []string{"川B12345", "浙B12345", "粤Z12345", "黑A12345", "", "京"} {
		if c, ok := CityForPlate(plate); ok {
			t.Errorf("CityForPlate(%q) = %v, want none", plate, c)
		}
	}
}

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || fe.ExitCode() != 2 {
		t.Fatalf("want a Usage error, got %v", err)
	}
	var out []string
	for _, f := range fe.Fields {
		out = append(out, f.Field+": "+f.Rule)
	}
	return out
}

func TestValidate(t *testing.T) {
	good := []RenewalRequest{
		{LicenseNo: "京J97896"},
		{LicenseNo: " 粤b12345 ", CityCode: "深圳"},
		{CarVin: "ls4ase2a2gj137027", EngineNo: "2192209", CityCode: "1"},
	}
	for _, r := range good {
		if err := r.Validate(); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
	}
	for _, tc := range []struct {
		req  RenewalRequest
		want []string // a substring per expected field error, in order
	}{
		{RenewalRequest{}, []string{"LicenseNo: give a plate"}},
		{RenewalRequest{LicenseNo: "京AD12345"}, []string{"new-energy"}},
		{RenewalRequest{LicenseNo: "XA12345", CityCode: "99"}, []string{"LicenseNo: a plate starts", "CityCode: not a Bihu city"}},
		{RenewalRequest{LicenseNo: "京A1234"}, []string{"LicenseNo: a plate is"}},
		{RenewalRequest{LicenseNo: "京A12345", CarVin: "LS4ASE2A2GJ137027"}, []string{"not both"}},
		{RenewalRequest{CarVin: "LS4ASE2A2GJ13702I"}, []string{"CarVin: ", "EngineNo: is required"}},
		{RenewalRequest{EngineNo: "2192209"}, []string{"CarVin: is required"}},
		{RenewalRequest{CarVin: "LS4ASE2A2GJ137027", EngineNo: "21 92"}, []string{"EngineNo: an engine number has"}},
	} {
		got := fieldsOf(t, tc.req.Validate())
		if len(got) != len(tc.want) {
			t.Errorf("%+v: fields %q, want %d", tc.req, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%+v: field %d = %q, want it to contain %q", tc.req, i, got[i], w)
			}
		}
	}
}

func TestRenewalParamsCity(t *testing.T) {
	c := New(Config{CityCode: "上海"})
	for _, tc := range []struct {
		req  RenewalRequest
		want map[string]string
	}{
		{RenewalRequest{LicenseNo: "京J97896"}, map[string]string{"LicenseNo": "京J97896", "CityCode": "1"}},
		{RenewalRequest{LicenseNo: "黑A12344", CityCode: "天津"}, map[string]string{"LicenseNo": "黑A12344", "CityCode": "3"}},
		{RenewalRequest{LicenseNo: "黑A12344"}, map[string]string{"LicenseNo": "黑A12344", "CityCode": "6"}},
		{RenewalRequest{CarVin: "LS4ASE2A2GJ137027", EngineNo: "2192209"},
			map[string]string{"CarVin": "LS4ASE2A2GJ137027", "EngineNo": "2192209", "CityCode": "6"}},
	} {
		got, err := c.RenewalParams(tc.req)
		if err != nil {
			t.Fatalf("%+v: %v", tc.req, err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.req, got, tc.want)
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%+v: %s = %q, want %q", tc.req, k, got[k], v)
			}
		}
	}
	_, err := New(Config{}).RenewalParams(RenewalRequest{LicenseNo: "黑A12344"})
	if got := fieldsOf(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "CityCode: is required") {
		t.Errorf("no city anywhere: %q", got)
	}
	_, err = New(Config{CityCode: "宁波"}).RenewalParams(RenewalRequest{LicenseNo: "黑A12344"})
	if got := fieldsOf(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "city-code:") {
		t.Errorf("bad profile city: %q", got)
	}
}
