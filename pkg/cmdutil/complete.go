package cmdutil

import (
	"encoding/json"
	"strings"

	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/cobra"
)

// CompleteRecords offers the ids of one kind of record the local store
// indexes (sunshine sessions, eBao quotations and policies), newest first,
// with a short description. It reads only the store: completion never
// calls a provider.
func CompleteRecords(f *Factory, provider, kind string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		name, err := ProfileName(f)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st, err := f.Store()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		recs, err := st.ListRecords(cmd.Context(), name, provider, kind, 50)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(recs))
		for _, r := range recs {
			out = append(out, r.ID+"\t"+describe(r.Body, r.UpdatedAt.In(output.Zone()).Format("2006-01-02 15:04")))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// describe picks a few telling fields of a record for the description.
func describe(body []byte, when string) string {
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	var parts []string
	for _, k := range []string{"plate", "status", "step", "packageType"} {
		if v, ok := m[k].(string); ok && v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(append(parts, when), " ")
}

// JournalKeyNames are the identifiers `insure find KEY` and `history
// --key` complete: what a support lookup starts from. Names and resident
// ID numbers are kept only hashed and are never offered.
var JournalKeyNames = []string{"plate", "vin", "orderId", "policyNumber", "quotationNumber", "policyNo", "proposalNo",
	"proposalNumber", "sessionId", "platformOrderId", "payOrderId", "endorsementNumber", "engineNo"}

// CompleteJournalKeys offers the identifiers the local journal keys,
// newest first, each described by its key name (plate, vin, orderId). It
// reads only the store, and offers no file names: a KEY is never a file.
// A command's positional KEY is completed once (maxArgs 1); a flag
// passes 0 (no limit on the positional arguments).
func CompleteJournalKeys(f *Factory, maxArgs int) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if maxArgs > 0 && len(args) >= maxArgs {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st, err := f.Store()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		kvs, err := st.RecentKeys(cmd.Context(), JournalKeyNames, toComplete, 50)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(kvs))
		for _, kv := range kvs {
			out = append(out, kv.Value+"\t"+kv.Name)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// CompletionFunc is what cobra calls to complete an argument or a flag.
type CompletionFunc = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective)

// FirstArgOnly completes a command's single argument with fn and offers
// nothing after it: a command that takes one id offered the same ids
// again for a second argument it refuses.
func FirstArgOnly(fn CompletionFunc) CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return fn(cmd, args, prefix)
	}
}

// CompleteProfileNames offers the config file's profile names, for -p
// and for the profile commands' NAME argument.
func CompleteProfileNames(f *Factory) CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		cfg, err := f.Config()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return cfg.ProfileNames(), cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteSettingChoices completes the value of a provider.key=value word
// being typed (profile add --set bihu.hex-case=) from the setting's
// suggestions in the registry (its Choices, or true and false for a
// boolean), each offered whole (bihu.hex-case=lower), the default
// described as such. ok is false while the word names no such setting,
// so the caller offers the keys instead.
func CompleteSettingChoices(reg *registry.Registry, word string) (out []string, ok bool) {
	key, typed, found := strings.Cut(word, "=")
	if !found {
		return nil, false
	}
	prov, name, _ := strings.Cut(strings.ToLower(strings.TrimSpace(key)), ".")
	fl, known := reg.Field(prov, name)
	if !known || fl.Secret || len(fl.Suggestions()) == 0 {
		return nil, false
	}
	for _, c := range fl.Suggestions() {
		if !strings.HasPrefix(strings.ToLower(c), strings.ToLower(typed)) {
			continue
		}
		if c == fl.Default {
			c += "\tdefault"
		}
		out = append(out, key+"="+c)
	}
	return out, true
}
