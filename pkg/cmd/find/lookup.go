package find

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/store"
)

// lookUp collects the story of opts.Key and returns the key it was found
// by: the key as given, else its upper case. VINs, plates and the
// providers' numbers are upper case and support staff often type them in
// lower; an order id chosen in lower case is still found as given first.
// Nothing found is a usage error that offers the recorded identifiers
// containing the key (keys match whole: a plate without its province
// finds nothing).
func lookUp(opts *Options, st *store.Store) (string, []store.JournalEntry, error) {
	key := opts.Key
	entries, err := collect(opts.Ctx, st, key)
	if err != nil || len(entries) > 0 {
		return key, entries, err
	}
	if up := strings.ToUpper(key); up != key {
		if entries, err = collect(opts.Ctx, st, up); err != nil {
			return key, nil, err
		}
		if len(entries) > 0 {
			// A resident ID or a name matches its hash in any case, so
			// only an identifier gets here: naming it is safe.
			fmt.Fprintf(opts.IO.ErrOut, "nothing is keyed %q; showing what is keyed %q\n", key, up)
			return up, entries, nil
		}
	}
	return key, nil, notFound(opts, st, key)
}

// notFound is the error for a key nothing is keyed by. A resident ID
// number, a mobile, an e-mail or a name given as the key is masked: find
// does not repeat personal data it was given, even in an error.
func notFound(opts *Options, st *store.Store, key string) error {
	e := &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("nothing in the journal is keyed %q", personal.MaskKey(key))}
	near, err := containing(opts.Ctx, st, key)
	if err != nil {
		return err
	}
	if len(near) > 0 {
		e.Hint = fmt.Sprintf("KEY matches whole identifiers only; the journal has %s: %s",
			strings.Join(near, ", "), opts.Hint.Command("find", near[0]))
		return e
	}
	e.Hint = "KEY matches a whole identifier as issued (a plate with its province, such as 沪A6U615; a whole VIN): " +
		"an order, quotation, proposal, policy or session number, a plate, a VIN or an engine number; " +
		"`insure history list --all-profiles` shows what was recorded"
	return e
}

// suggestFrom are the identifiers a part of one is looked for in, most
// often given first.
var suggestFrom = []string{"plate", "vin", "orderId", "policyNumber", "quotationNumber", "policyNo", "proposalNo",
	"proposalNumber", "sessionId", "platformOrderId", "payOrderId", "endorsementNumber", "engineNo"}

// maxSuggestions caps the identifiers an error offers.
const maxSuggestions = 5

// containing lists recorded identifiers (newest first within a kind)
// that contain key in any case: the whole plate for one given without its
// province, the VIN for its last digits. A key shorter than 4 characters
// would match too much to help.
func containing(ctx context.Context, st *store.Store, key string) ([]string, error) {
	k := strings.ToUpper(strings.TrimSpace(key))
	if utf8.RuneCountInString(k) < 4 {
		return nil, nil
	}
	seen := map[string]bool{}
	var out []string
	for _, name := range suggestFrom {
		vals, err := st.KeyValues(ctx, name, 1000)
		if err != nil {
			return nil, err
		}
		for _, v := range vals {
			if !seen[v] && strings.Contains(strings.ToUpper(v), k) {
				seen[v] = true
				if out = append(out, v); len(out) == maxSuggestions {
					return out, nil
				}
			}
		}
	}
	return out, nil
}
