package cmdutil

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

// The positional-argument validators of every command. They apply cobra's
// rule and turn its plain error into a Usage error (exit 2) that points at
// the command's help, so no caller has to recognise cobra's wording.

// NoArgs refuses any positional argument. On a command that also has
// subcommands, the argument is most likely a mistyped subcommand, so the
// hint suggests the closest ones.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasAvailableSubCommands() {
		return UnknownSubcommand(cmd, args[0])
	}
	return argsError(cmd, fmt.Errorf("takes no arguments, got %q", strings.Join(args, " ")))
}

// ExactArgs wants exactly n arguments.
func ExactArgs(n int) cobra.PositionalArgs { return typedArgs(cobra.ExactArgs(n)) }

// MinimumNArgs wants at least n arguments.
func MinimumNArgs(n int) cobra.PositionalArgs { return typedArgs(cobra.MinimumNArgs(n)) }

// MaximumNArgs wants at most n arguments.
func MaximumNArgs(n int) cobra.PositionalArgs { return typedArgs(cobra.MaximumNArgs(n)) }

// RangeArgs wants between lo and hi arguments.
func RangeArgs(lo, hi int) cobra.PositionalArgs { return typedArgs(cobra.RangeArgs(lo, hi)) }

// OnlyValidArgs wants each argument to be one of cmd.ValidArgs.
func OnlyValidArgs(cmd *cobra.Command, args []string) error {
	return typedArgs(cobra.OnlyValidArgs)(cmd, args)
}

// MatchAll applies every validator in turn; each should be one of the
// typed ones above.
func MatchAll(validators ...cobra.PositionalArgs) cobra.PositionalArgs {
	return typedArgs(cobra.MatchAll(validators...))
}

func typedArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return argsError(cmd, err)
		}
		return nil
	}
}

func argsError(cmd *cobra.Command, err error) error {
	if _, ok := err.(*failure.Error); ok {
		return err
	}
	msg, hint := cmd.CommandPath()+": "+err.Error(), "see `"+cmd.CommandPath()+" --help`"
	if strings.Contains(err.Error(), "arg(s)") {
		// cobra counts ("accepts 2 arg(s), received 1"); the command's
		// usage line names what it takes, and an example shows it.
		names := argNames(cmd.Use)
		if m := argCount().FindStringSubmatch(err.Error()); m != nil && len(names) > 0 {
			if got, _ := strconv.Atoi(m[1]); got < len(names) {
				msg = fmt.Sprintf("%s: %s missing (usage: %s)", cmd.CommandPath(), strings.Join(names[got:], " "), cmd.UseLine())
			} else {
				msg += " (usage: " + cmd.UseLine() + ")"
			}
		} else {
			msg += " (usage: " + cmd.UseLine() + ")"
		}
		if ex := firstExample(cmd); ex != "" {
			hint = "for example: " + ex + "; " + hint
		}
	}
	return &failure.Error{Kind: failure.Usage, Message: msg, Err: err, Hint: hint}
}

// argCount reads how many arguments cobra says were given.
var argCount = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`received (\d+)$`) })

// argNames are the positional arguments a Use line names (POLICY_NUMBER
// in "cancel --provider ebao POLICY_NUMBER [--type TYPE]"), not the
// values of the flags it shows, and only the first of alternatives
// ("get ORDER_ID | --batch FILE").
func argNames(use string) []string {
	words := strings.Fields(use)
	var names []string
	for i := 1; i < len(words); i++ {
		if words[i] == "|" {
			break
		}
		w := strings.Trim(words[i], "[]")
		if strings.HasPrefix(w, "-") {
			i++ // the flag's value
			continue
		}
		if w != "" && w == strings.ToUpper(w) && strings.Trim(w, "._") != "" {
			names = append(names, words[i])
		}
	}
	return names
}

// UnknownSubcommand is the Usage error for `insure PARENT NAME` when
// PARENT has no subcommand NAME, with cobra's suggestions as the hint.
func UnknownSubcommand(parent *cobra.Command, name string) error {
	e := &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("unknown command %q for %q", name, parent.CommandPath())}
	if parent.SuggestionsMinimumDistance <= 0 {
		parent.SuggestionsMinimumDistance = 2
	}
	if s := parent.SuggestionsFor(name); len(s) > 0 && !parent.DisableSuggestions {
		e.Hint = "did you mean " + strings.Join(s, " or ") + "? See `" + parent.CommandPath() + " --help`"
	} else {
		e.Hint = "see `" + parent.CommandPath() + " --help` for its commands"
	}
	return e
}

// TypeUsageErrors makes the usage errors cobra raises outside the argument
// validators typed too. It walks the assembled tree once:
//
//   - a command that only groups subcommands (no Run) gets one: with no
//     argument it prints its help as before (exit 0); with one it is an
//     unknown subcommand (exit 2). Cobra would otherwise print the help and
//     exit 0 for `insure token gett`, which a script cannot tell from
//     success;
//   - every runnable command checks its required flags and flag groups
//     before cobra does, as a Usage error.
func TypeUsageErrors(root *cobra.Command) {
	noArgs := reflect.ValueOf(NoArgs).Pointer()
	walk(root, func(c *cobra.Command) {
		// A command that takes no arguments offers none at TAB: without a
		// completion function the shell offered file names.
		if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 && c.Args != nil && reflect.ValueOf(c.Args).Pointer() == noArgs {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		if !c.Runnable() && c.HasSubCommands() {
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					return cmd.Help()
				}
				return UnknownSubcommand(cmd, args[0])
			}
		}
		if !c.Runnable() {
			return
		}
		pre, preE := c.PreRun, c.PreRunE
		c.PreRun = nil
		c.PreRunE = func(cmd *cobra.Command, args []string) error {
			if err := cmd.ValidateRequiredFlags(); err != nil {
				return argsError(cmd, err)
			}
			if err := cmd.ValidateFlagGroups(); err != nil {
				return argsError(cmd, err)
			}
			switch {
			case preE != nil:
				return preE(cmd, args)
			case pre != nil:
				pre(cmd, args)
			}
			return nil
		}
	})
}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}
