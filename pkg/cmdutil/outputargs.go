package cmdutil

import "strings"

// AsksOtherOutput says whether args ask for output other than plain JSON:
// --jq, --template, or -o/--output with another format. Flag parsing
// stops at the first bad flag, so the output flags after it are never
// read: `insure vin-report brands --bogus --jq .x` printed the JSON error
// document on stdout, where a script doing Q=$(insure ... --jq ...) takes
// whatever comes out for its value. The error of such a run goes to
// stderr only, as it does when the flags are read.
func AsksOtherOutput(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return false
		}
		name, value, hasValue := strings.Cut(a, "=")
		switch name {
		case "--jq", "--template":
			return true
		case "-o", "--output":
			if !hasValue && i+1 < len(args) {
				value = args[i+1]
				i++
			}
			if value != "json" {
				return true
			}
		default:
			if v, ok := strings.CutPrefix(a, "-o"); ok && v != "" && !strings.HasPrefix(a, "--") {
				// -oyaml
				if strings.TrimPrefix(v, "=") != "json" {
					return true
				}
			}
		}
	}
	return false
}
