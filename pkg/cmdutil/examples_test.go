package cmdutil

import (
	"reflect"
	"testing"
)

// Help breaks a long example over lines with a backslash; hints that
// quote an example, and the tests that run them, read it whole.
func TestExampleCommandsJoinContinuedLines(t *testing.T) {
	example := `  # Buy one report
  insure -p sandbox vin-report buy --vin LSVAU2180N2183294 \
    --brand-factory 20 --yes  # on the sandbox
  insure vin-report get ORDER_ID
  echo '{}' | insure api ebao quote -f -
  insure version \`
	want := []string{
		"insure -p sandbox vin-report buy --vin LSVAU2180N2183294 --brand-factory 20 --yes",
		"insure vin-report get ORDER_ID",
		"insure version",
	}
	if got := ExampleCommands(example); !reflect.DeepEqual(got, want) {
		t.Errorf("ExampleCommands:\n got %q\nwant %q", got, want)
	}
}
