package list

import (
	"fmt"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// checkProvider reads --provider in any case and refuses a name no
// provider has: the journal records the registry's names, so a misspelt
// one would list nothing and look like an empty journal.
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

// checkSelectedProfile refuses a selected profile (-p, or the current
// one) that is neither configured nor in the journal, as every other
// command refuses it: a typo would otherwise list nothing, exit 0. A
// removed profile whose requests the journal still holds is listed.
func checkSelectedProfile(opts *Options, st *store.Store, name string) error {
	if name == "" || opts.Profiles == nil {
		return nil
	}
	known, err := opts.Profiles()
	if err != nil || slices.Contains(known, name) {
		// A broken config file is reported by the commands that use it;
		// the journal can still be listed.
		return nil
	}
	n, err := st.CountHistory(opts.Ctx, store.JournalFilter{Profile: name})
	if err != nil || n > 0 {
		return err
	}
	msg := fmt.Sprintf("no profile named %q (known: %s) and no request in the journal made with it", name, strings.Join(known, ", "))
	if near := registry.Closest(name, known); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return &failure.Error{Kind: failure.Usage, Message: msg,
		Hint: "--all-profiles lists every profile's requests; --for-profile NAME one profile's, a removed one's too"}
}

// keyAsRecorded is --key, or its upper case when only that is in the
// journal: VINs, plates and the providers' numbers are upper case, and
// are often typed in lower. stderr says which key was used.
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
	// shown here is an identifier, never personal data.
	fmt.Fprintf(opts.IO.ErrOut, "nothing is keyed %q; listing the requests keyed %q\n", key, up)
	return up, nil
}

// sayWhyEmpty tells, on stderr, why the list is empty: nothing recorded
// at all, or nothing matching the filters, and how many requests of other
// profiles match (an identifier from another profile's work).
func sayWhyEmpty(opts *Options, st *store.Store, f store.JournalFilter) {
	if total, err := st.CountHistory(opts.Ctx, store.JournalFilter{}); err != nil || total == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "no requests recorded yet")
		return
	}
	var filters []string
	for _, fl := range []struct{ flag, v string }{
		{"--provider", f.Provider}, {"--op", f.Operation}, {"--key", personal.Mask(f.Key)},
		{"--status", f.Status}, {"--since", opts.Since}, {"--until", opts.Until},
	} {
		if fl.v != "" {
			filters = append(filters, fl.flag+" "+fl.v)
		}
	}
	msg := "no requests recorded"
	if f.Profile != "" {
		msg += fmt.Sprintf(" for profile %q", f.Profile)
	}
	if len(filters) > 0 {
		msg += " match " + strings.Join(filters, " ")
	}
	if f.Profile != "" {
		f.Profile = ""
		if n, err := st.CountHistory(opts.Ctx, f); err == nil && n > 0 {
			msg += fmt.Sprintf("; %d for other profiles: --all-profiles lists them", n)
		}
	}
	fmt.Fprintln(opts.IO.ErrOut, msg)
}
