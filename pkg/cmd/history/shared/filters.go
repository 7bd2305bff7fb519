// Package shared holds what history list and history export share: how
// their filters are read. docs/support.md promises export takes list's
// filters, so both read them through here.
package shared

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// Provider reads --provider in any case and refuses a name no provider
// has (providers nil: not checked): the journal records the registry's
// names, so a misspelt one would match nothing and look like an empty
// journal.
func Provider(given string, providers []string) (string, error) {
	p := strings.ToLower(strings.TrimSpace(given))
	if p == "" || providers == nil || slices.Contains(providers, p) {
		return p, nil
	}
	msg := fmt.Sprintf("--provider must be one of %s (got %q)", strings.Join(providers, ", "), given)
	if near := registry.Closest(p, providers); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return p, cmdutil.FlagErrorf("%s", msg)
}

// SelectedProfile refuses a selected profile (-p, or the current one)
// that is neither configured nor in the journal, as every other command
// refuses it: a typo would otherwise match nothing, exit 0. A removed
// profile whose requests the journal still holds is accepted. profiles
// nil: not checked; hint says how to see every profile's requests.
func SelectedProfile(ctx context.Context, st *store.Store, profiles func() ([]string, error), name, hint string) error {
	if name == "" || profiles == nil {
		return nil
	}
	known, err := profiles()
	if err != nil || slices.Contains(known, name) {
		// A broken config file is reported by the commands that use it;
		// the journal can still be read.
		return nil
	}
	n, err := st.CountHistory(ctx, store.JournalFilter{Profile: name})
	if err != nil || n > 0 {
		return err
	}
	msg := fmt.Sprintf("no profile named %q (known: %s) and no request in the journal made with it", name, strings.Join(known, ", "))
	if near := registry.Closest(name, known); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return &failure.Error{Kind: failure.Usage, Message: msg, Hint: hint}
}

// KeyAsRecorded is --key, or its upper case when only that is in the
// journal: VINs, plates and the providers' numbers are upper case, and
// are often typed in lower. errOut is told which key was used, as in
// "listing the requests keyed ..." (doing is "listing", "exporting").
func KeyAsRecorded(ctx context.Context, st *store.Store, f store.JournalFilter, errOut io.Writer, doing string) (string, error) {
	key := strings.TrimSpace(f.Key)
	up := strings.ToUpper(key)
	if up == key {
		return f.Key, nil
	}
	if n, err := st.CountHistory(ctx, f); err != nil || n > 0 {
		return f.Key, err
	}
	f.Key = up
	if n, err := st.CountHistory(ctx, f); err != nil || n == 0 {
		return key, err
	}
	// A resident ID or a name matches its hash in any case, so the key
	// shown here is an identifier, never personal data.
	fmt.Fprintf(errOut, "nothing is keyed %q; %s the requests keyed %q\n", key, doing, up)
	return up, nil
}
