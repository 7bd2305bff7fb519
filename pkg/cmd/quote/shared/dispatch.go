package shared

import (
	"fmt"
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Providers differ in what they need: eBao reads a JSON file, Sunshine an
// XML envelope with its own options. A policy command therefore has common
// flags (--provider, -f, --set, --quote) and provider flags, marked with
// ProviderFlag. Adding a provider to a command is one entry in its
// backends map plus its flags, marked here, in a file of its own; nothing
// else in the command changes.

const providerAnnotation = "insure/providers"

// ProviderFlag marks flags that only provider reads. A flag may be marked
// for several providers.
func ProviderFlag(cmd *cobra.Command, provider string, names ...string) {
	for _, n := range names {
		fl := cmd.Flags().Lookup(n)
		if fl == nil {
			panic("ProviderFlag: no flag " + n) // a programming error, caught by any test
		}
		if fl.Annotations == nil {
			fl.Annotations = map[string][]string{}
		}
		fl.Annotations[providerAnnotation] = append(fl.Annotations[providerAnnotation], provider)
	}
}

// CheckProvider refuses an unknown --provider, listing the valid ones, and
// a flag the chosen provider does not read, so a flag is never silently
// ignored. Both are usage errors (exit 2); nothing is sent.
func CheckProvider(cmd *cobra.Command, provider string, valid []string) error {
	sort.Strings(valid)
	list := strings.Join(valid, ", ")
	if provider == "" {
		// An example of the command's own that names a provider is a
		// whole command; "insure quote --provider ebao" alone was not.
		example := cmd.CommandPath() + " --provider " + valid[0]
		for _, l := range cmdutil.ExampleCommands(cmd.Example) {
			if strings.Contains(l, " "+cmd.Name()+" ") && strings.Contains(l, "--provider ") {
				example = l
				break
			}
		}
		return &failure.Error{Kind: failure.Usage, Message: "--provider is required (one of: " + list + ")",
			Hint: "for example: " + example + "; see `" + cmd.CommandPath() + " --help`"}
	}
	known := false
	for _, v := range valid {
		known = known || v == provider
	}
	if !known {
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("%s does not support provider %q (valid: %s)", cmd.CommandPath(), provider, list)}
	}
	var bad []string
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		only := fl.Annotations[providerAnnotation]
		if len(only) == 0 {
			return
		}
		for _, p := range only {
			if p == provider {
				return
			}
		}
		bad = append(bad, fmt.Sprintf("--%s is only for --provider %s", fl.Name, strings.Join(only, "|")))
	})
	if len(bad) > 0 {
		return &failure.Error{Kind: failure.Usage, Message: strings.Join(bad, "; ") + "; nothing was sent"}
	}
	return nil
}

// ProviderNames lists a backends map's keys for CheckProvider and completion.
func ProviderNames[F any](backends map[string]F) []string {
	out := make([]string, 0, len(backends))
	for k := range backends {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
