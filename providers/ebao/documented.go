package ebao

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// QuotationMember says whether path (member names and array indexes, as
// --set writes them: policyHolder.PH013, insuredObjects.0.plan_code)
// names a member the document describes in a quotation's body; when not,
// it returns where the walk stopped ("" for the top level) and the names
// the document gives there. Risk factors (factor_table) and covers
// (componentSelection) take any name: products bring their own.
func QuotationMember(path []string) (ok bool, at string, names []string) {
	return documentedMember(reflect.TypeFor[QuotationRequest](), path)
}

// IssuanceMember is QuotationMember for an issuance's body.
func IssuanceMember(path []string) (ok bool, at string, names []string) {
	return documentedMember(reflect.TypeFor[IssuanceRequest](), path)
}

func documentedMember(t reflect.Type, path []string) (bool, string, []string) {
	for i, seg := range path {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			f, found := fieldByMember(t, seg)
			if !found {
				return false, strings.Join(path[:i], "."), memberNames(t)
			}
			t = f.Type
		case reflect.Slice, reflect.Array:
			if _, err := strconv.Atoi(seg); err != nil {
				return true, "", nil // --set itself refuses a name where an index goes
			}
			t = t.Elem()
		default:
			// A map (factor_table, componentSelection) takes any name;
			// below a plain value --set itself refuses the path.
			return true, "", nil
		}
	}
	return true, "", nil
}

func fieldByMember(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n == name && n != "-" && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func memberNames(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); n != "" && n != "-" && t.Field(i).IsExported() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
