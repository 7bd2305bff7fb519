package cmdutil

import (
	"encoding/json"
	"github.com/insurekit/insure/pkg/output"
	"strings"

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
