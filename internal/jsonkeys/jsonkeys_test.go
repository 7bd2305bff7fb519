package jsonkeys

import (
	"reflect"
	"strings"
	"testing"
)

func TestRepeated(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`{"a":1,"b":2}`, nil},
		{`{"a":1,"a":2,"a":3}`, []string{"a"}},
		{`{"a":1,"A":2}`, nil}, // case is the callers' rule, not JSON's
		{`{"p":{"x":1,"x":2},"l":[{"c":1},{"c":1,"c":2}]}`, []string{"p.x", "l[1].c"}},
		{`{"a":{"k":1},"b":{"k":1}}`, nil},
		{`{"v\u0069n":"A","vin":"B"}`, []string{"vin"}},
		{`{"s":"a \"quoted\" , { value","s":1}`, []string{"s"}},
		{`[{"a":1},{"a":1,"a":2}]`, []string{"[1].a"}},
		{`{"a":1,"a":`, nil}, // not JSON: its decoder says so
		{`not json`, nil},
		{`"a"`, nil},
	} {
		if got := Repeated([]byte(tc.in)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Repeated(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMembersListsTopLevelNamesOnce(t *testing.T) {
	keys, rep := Members([]byte(`{"vin":"A","order":{"vin":1},"vin":"B","engine":"E"}`))
	if !reflect.DeepEqual(keys, []string{"vin", "order", "engine"}) || !reflect.DeepEqual(rep, []string{"vin"}) {
		t.Errorf("keys %q, repeated %q", keys, rep)
	}
}

func TestTopNamesAreTheObjectsOwnMembers(t *testing.T) {
	for text, want := range map[string]string{
		`{"a":1,"b":{"c":2,"d":[{"e":3}]},"f":"g,\"h\":","i":[1,{"j":2}]}`: "a b f i",
		` {"v\u0069n":"x","vin":"y"}`:                                      "vin vin",
		`{}`:                                                               "",
		`[{"a":1}]`:                                                        "",
		`null`:                                                             "",
		`{"a":{},"b":[],"c":null}`:                                         "a b c",
	} {
		var got []string
		for n := range TopNames([]byte(text)) {
			got = append(got, string(n))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: got %q, want %q", text, got, want)
		}
	}
}
