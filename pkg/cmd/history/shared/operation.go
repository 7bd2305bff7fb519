package shared

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// maxOperationSuggestions caps the close names an unknown --op is offered.
const maxOperationSuggestions = 3

// Operation reads --op as the journal records it. It takes the journal's
// name (txn.105, report.buy) or the one insure api takes (Sunshine's bare
// transaction code, 105), in any case, preferring provider's operations
// when --provider is given. A name no provider has is still taken when
// the journal holds it (an older version's); otherwise it is a usage
// error offering close names, since it could only match nothing. reg nil:
// taken as given.
func Operation(ctx context.Context, st *store.Store, reg *registry.Registry, given, provider string) (string, error) {
	op := strings.TrimSpace(given)
	if op == "" || reg == nil {
		return op, nil
	}
	// matches are "provider's journal name"s, by journal name.
	matches := map[string][]string{}
	var ours, names []string
	for _, p := range reg.All() {
		add := func(journal, alias string) {
			for _, n := range []string{journal, alias} {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
			if strings.EqualFold(op, journal) || strings.EqualFold(op, alias) {
				matches[journal] = append(matches[journal], p.Name+"'s "+journal)
				if p.Name == provider {
					ours = append(ours, journal)
				}
			}
		}
		for _, o := range p.Operations {
			add(o.JournalName(), o.Name)
		}
		for _, j := range p.JournalOperations {
			add(j, j)
		}
	}
	switch {
	case len(ours) > 0:
		return ours[0], nil
	case len(matches) == 1:
		for journal := range matches {
			return journal, nil
		}
	case len(matches) > 1:
		var each []string
		for _, m := range matches {
			each = append(each, m...)
		}
		slices.Sort(each)
		return op, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--op %s names operations of several providers: %s", op, strings.Join(each, ", ")),
			Hint: "add --provider, or give the name as history list shows it"}
	}
	if n, err := st.CountHistory(ctx, store.JournalFilter{Operation: op}); err != nil || n > 0 {
		return op, err
	}
	msg := fmt.Sprintf("--op %s is no operation of any provider, and the journal holds none by that name", op)
	hint := "--op takes an operation as history list shows it (txn.105, report.buy) or as insure api names it (105)"
	if near := closest(op, names, maxOperationSuggestions); len(near) > 0 {
		hint = "did you mean " + orList(near) + "? " + hint
	}
	return op, &failure.Error{Kind: failure.Usage, Message: msg, Hint: hint}
}

// closest lists up to n candidates near s: first those of which s is a
// whole part (get: report.get), then, nearest first, those
// registry.Closest takes for a likely typo of s.
func closest(s string, candidates []string, n int) []string {
	var out, rest []string
	for _, c := range candidates {
		if len(out) < n && slices.ContainsFunc(strings.Split(c, "."), func(part string) bool { return strings.EqualFold(part, s) }) {
			out = append(out, c)
		} else {
			rest = append(rest, c)
		}
	}
	for len(out) < n {
		near := registry.Closest(s, rest)
		if near == "" {
			break
		}
		out = append(out, near)
		rest = slices.DeleteFunc(rest, func(c string) bool { return c == near })
	}
	return out
}

// orList joins "a", "a or b", "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
