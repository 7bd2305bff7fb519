package shared

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

func TestApplySets(t *testing.T) {
	body := []byte(`{"b":"x","a":{"PH013":"1","n":1.50,"t":"沪A<1>"},"list":[{"k":"v"}]}`)
	tests := []struct {
		set  []string
		want string
	}{
		// A member holding text keeps text; order and number text are kept.
		{[]string{"a.PH013=15710023568"}, `"PH013": "15710023568"`},
		{[]string{"a.n=2"}, `"n": 2`},
		{[]string{"a.n=true"}, `"n": true`},
		{[]string{"new=12"}, `"new": 12`},
		{[]string{"new=abc"}, `"new": "abc"`},
		{[]string{`a.PH013="7"`}, `"PH013": "7"`},
		{[]string{`obj={"z":1,"y":[true]}`}, "\"obj\": {\n    \"z\": 1,\n    \"y\": [\n      true\n    ]\n  }"},
		{[]string{"list.0.k=w"}, `"k": "w"`},
		{[]string{"list[0].k=w"}, `"k": "w"`},
		{[]string{"list.1.k=second"}, `"k": "second"`},
		{[]string{"deep.er.x=1"}, "\"deep\": {\n    \"er\": {\n      \"x\": 1"},
		{[]string{"b=x=y"}, `"b": "x=y"`},
		{nil, `"n": 1.50`},
		{nil, `"t": "沪A<1>"`},
	}
	for _, tt := range tests {
		got, err := ApplySets(body, tt.set)
		if err != nil {
			t.Errorf("%v: %v", tt.set, err)
			continue
		}
		if !strings.Contains(string(got), tt.want) {
			t.Errorf("%v: %s lacks %s", tt.set, got, tt.want)
		}
		if !strings.HasPrefix(string(got), "{\n  \"b\": ") || !strings.HasSuffix(string(got), "}\n") {
			t.Errorf("%v: order or layout lost: %s", tt.set, got)
		}
	}
	for _, bad := range []string{"nope", "=1", "b.c=1", "list.2.k=1", "list.x=1"} {
		if _, err := ApplySets(body, []string{bad}); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := ApplySets([]byte(`{"a":1} x`), []string{"a=2"}); cmdutil.ExitCode(err) != 2 {
		t.Errorf("trailing data: %v", err)
	}
}

func TestCheckProviderRefusesAnotherProvidersFlags(t *testing.T) {
	cmd := &cobra.Command{Use: "cancel"}
	cmd.Flags().String("type", "", "")
	cmd.Flags().String("seller", "", "")
	ProviderFlag(cmd, "ebao", "type")
	ProviderFlag(cmd, "sunshine", "seller")
	valid := []string{"sunshine", "ebao"}
	if err := cmd.ParseFlags([]string{"--type", "X"}); err != nil {
		t.Fatal(err)
	}
	if err := CheckProvider(cmd, "ebao", valid); err != nil {
		t.Fatal(err)
	}
	if err := CheckProvider(cmd, "sunshine", valid); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--type is only for --provider ebao") {
		t.Fatalf("%v", err)
	}
	if err := CheckProvider(cmd, "bihu", valid); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "valid: ebao, sunshine") {
		t.Fatalf("%v", err)
	}
	if err := CheckProvider(cmd, "", valid); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--provider is required") {
		t.Fatalf("%v", err)
	}
}
