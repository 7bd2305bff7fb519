package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// These read the filters as `history list` does (docs/support.md: export
// takes "the same filters"); compared as typed, a filter in another case
// or with a typo exported a header only, exit 0, which reads as "nothing
// happened".

// checkOutputFlags refuses the global output flags: export writes CSV or
// JSON Lines (--format), and ignoring --jq, --template or -o handed a
// pipeline CSV it did not ask for.
func checkOutputFlags(jq, template, format string) error {
	const use = "export writes --format csv or --format jsonl"
	switch {
	case jq != "":
		return cmdutil.FlagErrorf("%s; --jq is not available with it: filter the lines with jq (insure history export --format jsonl | jq -c 'select(.provider == \"ebao\")')", use)
	case template != "":
		return cmdutil.FlagErrorf("%s; --template is not available with it: format the lines with jq (insure history export --format jsonl | jq -r '.id')", use)
	case format != "" && format != "json":
		return cmdutil.FlagErrorf("%s; -o %s is not available with it (leave -o out)", use, format)
	}
	return nil
}

// checkProvider reads --provider in any case and refuses a name no
// provider has.
func checkProvider(opts *Options) error {
	given := opts.Filter.Provider
	p := strings.ToLower(strings.TrimSpace(given))
	opts.Filter.Provider = p
	if p == "" || opts.Providers == nil || slices.Contains(opts.Providers, p) {
		return nil
	}
	msg := fmt.Sprintf("--provider must be one of %s (got %q)", strings.Join(opts.Providers, ", "), given)
	if near := registry.Closest(p, opts.Providers); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return cmdutil.FlagErrorf("%s", msg)
}

// checkSelectedProfile refuses a selected profile that is neither
// configured nor in the journal; a removed profile whose requests the
// journal still holds is exported.
func checkSelectedProfile(opts *Options, st *store.Store, name string) error {
	if name == "" || opts.Profiles == nil {
		return nil
	}
	known, err := opts.Profiles()
	if err != nil || slices.Contains(known, name) {
		return nil // a broken config file is reported by the commands that use it
	}
	n, err := st.CountHistory(opts.Ctx, store.JournalFilter{Profile: name})
	if err != nil || n > 0 {
		return err
	}
	msg := fmt.Sprintf("no profile named %q (known: %s) and no request in the journal made with it", name, strings.Join(known, ", "))
	if near := registry.Closest(name, known); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return &failure.Error{Kind: failure.Usage, Message: msg, Hint: "--all-profiles exports every profile's requests"}
}

// keyAsRecorded is --key, or its upper case when only that is in the
// journal (VINs, plates and the providers' numbers are upper case and
// often typed in lower). stderr names the key used.
func keyAsRecorded(opts *Options, st *store.Store, f store.JournalFilter) (string, error) {
	key := strings.TrimSpace(f.Key)
	up := strings.ToUpper(key)
	if up == key {
		return f.Key, nil
	}
	if n, err := st.CountHistory(opts.Ctx, f); err != nil || n > 0 {
		return f.Key, err
	}
	f.Key = up
	if n, err := st.CountHistory(opts.Ctx, f); err != nil || n == 0 {
		return key, err
	}
	// A resident ID or a name matches its hash in any case, so the key
	// named here is an identifier, never personal data.
	fmt.Fprintf(opts.IO.ErrOut, "nothing is keyed %q; exporting the requests keyed %q\n", key, up)
	return up, nil
}
