package cmdutil

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// pflag's wording for a value its type cannot parse.
var badFlagValue = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?--([\w-]+)" flag: `)
})

// FlagError is the root command's flag error: a usage error (exit 2)
// that says, for a value of the wrong type, which flag, what it takes and
// a good value (from the command's examples where one uses the flag), and
// for an unknown flag the nearest one the command has. pflag's own text
// (strconv.ParseInt: parsing "abc": invalid syntax) says none of that.
func FlagError(c *cobra.Command, err error) error {
	hint := "see `" + c.CommandPath() + " --help`"
	msg := err.Error()
	if m := badFlagValue().FindStringSubmatch(msg); m != nil {
		if fl := c.Flags().Lookup(m[2]); fl != nil {
			rule := typeRule(fl)
			if strings.Contains(msg, "value out of range") {
				rule = "out of range for a number of this flag"
			}
			msg = fmt.Sprintf("--%s %q: %s", fl.Name, m[1], rule)
			hint = "for example --" + fl.Name + " " + flagExample(c, fl) + "; " + hint
		}
	}
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		var names []string
		c.Flags().VisitAll(func(fl *pflag.Flag) {
			if !fl.Hidden {
				names = append(names, fl.Name)
			}
		})
		if s := registry.Closest(name, names); s != "" {
			hint = "did you mean --" + s + "? " + hint
		}
	}
	return &failure.Error{Kind: failure.Usage, Message: msg, Hint: hint, Err: err}
}

// firstExample is the first command line of c's examples, whole and
// without its comment.
func firstExample(c *cobra.Command) string {
	if lines := ExampleCommands(c.Example); len(lines) > 0 {
		return lines[0]
	}
	return ""
}

// typeRule says in words what a flag of fl's type takes.
func typeRule(fl *pflag.Flag) string {
	switch t := fl.Value.Type(); t {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "not a whole number"
	case "float32", "float64":
		return "not a number"
	case "duration":
		return "not a duration (a number with a unit: ms, s, m or h)"
	case "bool":
		return "not true or false"
	default:
		return "not a " + t
	}
}

// flagExample is a value of fl from the command's examples, else one of
// its type.
func flagExample(c *cobra.Command, fl *pflag.Flag) string {
	// The examples' words, a line's continuing backslash not among them.
	words := strings.Fields(strings.Join(ExampleCommands(c.Example), "\n"))
	for _, f := range words {
		if v, ok := strings.CutPrefix(f, "--"+fl.Name+"="); ok {
			return v
		}
	}
	for i, w := range words[:max(0, len(words)-1)] {
		if w == "--"+fl.Name && !strings.HasPrefix(words[i+1], "-") {
			return words[i+1]
		}
	}
	switch fl.Value.Type() {
	case "duration":
		return "30s"
	case "bool":
		return "true"
	case "float32", "float64":
		return "1.5"
	default:
		if fl.DefValue != "" && fl.DefValue != "0" {
			return fl.DefValue
		}
		return "1"
	}
}
