package find

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/pkg/validate"
)

// lookUp collects the story of opts.Key and returns the key it was found
// by: the key as given, else another of its forms (store.KeyForms: upper
// case, then without the spaces and dots a plate is pasted with). VINs,
// plates and the providers' numbers are upper case and support staff
// often type them in lower; an order id chosen in lower case is still
// found as given first. Nothing found is a usage error that offers the
// recorded identifiers containing the key (keys match whole: a plate
// without its province finds nothing).
func lookUp(opts *Options, st *store.Store) (string, []store.JournalEntry, error) {
	forms := store.KeyForms(opts.Key)
	if plate := historyshared.PlateForm(opts.Key); plate != "" {
		// 粤B-12345 as e-mails and forms write it: the plate 粤B12345.
		forms = append(forms, plate)
	}
	for i, key := range forms {
		entries, err := collect(opts.Ctx, st, key)
		if err != nil {
			return key, nil, err
		}
		if len(entries) == 0 {
			continue
		}
		if i > 0 {
			// Say which key matched only when the journal holds it in
			// clear: a name or an ID number typed with spaces matches
			// its hash in another form, and is not repeated.
			if clear, err := st.KeyInClear(opts.Ctx, key); err != nil {
				return key, nil, err
			} else if clear {
				fmt.Fprintf(opts.IO.ErrOut, "nothing is keyed %q; showing what is keyed %q\n", forms[0], key)
			}
		}
		return key, entries, nil
	}
	near, err := containing(opts.Ctx, st, forms[0])
	if err != nil {
		return forms[0], nil, err
	}
	if len(near) == 0 {
		// One character misheard or mistyped (a VIN read out over the
		// phone): offer the identifiers one character off.
		if near, err = st.KeysOneOff(opts.Ctx, suggestFrom, forms[0], maxSuggestions); err != nil {
			return forms[0], nil, err
		}
		if len(near) > 0 {
			return forms[0], nil, notFoundNear(opts, forms[0], near)
		}
	}
	// An id in mixed case (a batch's INSBea51…) typed all in lower or
	// upper case is that id: no form above has its case.
	plain := forms[len(forms)-1]
	for _, v := range near {
		if !strings.EqualFold(v, plain) {
			continue
		}
		entries, err := collect(opts.Ctx, st, v)
		if err != nil {
			return forms[0], nil, err
		}
		if len(entries) == 0 {
			break
		}
		fmt.Fprintf(opts.IO.ErrOut, "nothing is keyed %q; showing what is keyed %q\n", forms[0], v)
		return v, entries, nil
	}
	return forms[0], nil, notFound(opts, st, forms[0], near)
}

// notFound is the error for a key nothing is keyed by. A resident ID
// number, a mobile, an e-mail or a name given as the key is masked: find
// does not repeat personal data it was given, even in an error.
// near are the recorded identifiers that contain it (containing).
func notFound(opts *Options, st *store.Store, key string, near []string) error {
	e := &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("nothing in the journal is keyed %q", historyshared.MaskedKey(key))}
	if len(near) > 0 {
		e.Hint = fmt.Sprintf("KEY matches whole identifiers only; the journal has %s: %s",
			strings.Join(near, ", "), opts.Hint.Command("find", near[0]))
		return e
	}
	if total, err := st.CountHistory(opts.Ctx, store.JournalFilter{}); err == nil && total == 0 {
		// Not a wrong key: an empty journal. It is this user's on this
		// machine, and the request was likely sent from another.
		e.Hint = "no requests are recorded in this journal yet: it holds what insure sent from this user account on this machine; look the key up where the request was sent"
		return e
	}
	kind := ""
	switch {
	case historyshared.Mobile(key) != "":
		kind = "a mobile number"
	case strings.Contains(key, "@") && validate.Email(strings.TrimSpace(key)) == nil:
		kind = "an e-mail address"
	}
	if kind != "" {
		// Mobiles and e-mails are not journal keys (names and ID numbers
		// are, as hashes): say so rather than suggest a typing mistake.
		e.Hint = kind + " is not recorded as a key: look the person up by their name or resident ID number, " +
			"or the car by its plate or VIN (a plate with its province, such as 沪A6U615)"
		return e
	}
	e.Hint = "KEY matches a whole identifier as issued (a plate with its province, such as 沪A6U615; a whole VIN): " +
		"an order, quotation, proposal, policy or session number, a plate, a VIN or an engine number; " +
		"`insure history list --all-profiles` shows what was recorded"
	return e
}

// notFoundNear is notFound for a key one character off recorded ones.
func notFoundNear(opts *Options, key string, near []string) error {
	return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("nothing in the journal is keyed %q", historyshared.MaskedKey(key)),
		Hint: fmt.Sprintf("one character off (a typo, or a character misheard): the journal has %s: %s",
			strings.Join(near, ", "), opts.Hint.Command("find", near[0]))}
}

// suggestFrom are the kinds of identifier a part of one is looked for in.
var suggestFrom = []string{"plate", "vin", "orderId", "policyNumber", "quotationNumber", "policyNo", "proposalNo",
	"proposalNumber", "sessionId", "platformOrderId", "payOrderId", "endorsementNumber", "engineNo"}

// maxSuggestions caps the identifiers an error offers.
const maxSuggestions = 5

// containing lists recorded identifiers (newest first) that contain key
// in any case: the whole plate for one given without its
// province, the VIN for its last digits. A key shorter than 4 characters
// would match too much to help.
func containing(ctx context.Context, st *store.Store, key string) ([]string, error) {
	// The plainest form: "J 97896" as pasted is part of 京J97896.
	forms := store.KeyForms(key)
	k := strings.ToUpper(forms[len(forms)-1])
	if utf8.RuneCountInString(k) < 4 {
		return nil, nil
	}
	// Separators typed or left out: SUP1 is near SUP-1, SUP-1 near SUP_1.
	return st.KeysContaining(ctx, suggestFrom, k, maxSuggestions)
}
