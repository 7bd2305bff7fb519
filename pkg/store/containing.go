package store

import (
	"context"
	"strings"
)

// KeysContaining lists the distinct identifiers keyed under names that
// contain part, newest first, at most limit: the whole plate for one typed
// without its province, the order id SUP-1 for SUP1. part is matched in
// any case for ASCII letters, and also with the separators '-', '_' and
// '.' left out of both. Personal hashes are never listed.
//
// It reads the value index, not the table: a support look-up that finds
// nothing must still answer at once on a journal of hundreds of thousands
// of requests, and a scan of the table by key name took tens of seconds
// there. The hashes of names and ID numbers, most of the index, sort
// together under "h:" and are skipped as a range.
func (s *Store) KeysContaining(ctx context.Context, names []string, part string, limit int) ([]string, error) {
	s.settled(ctx)
	bare := strings.ToUpper(bareSeparators(part))
	if bare == "" || len(names) == 0 || limit <= 0 {
		return nil, nil
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToUpper(part)) + "%"
	// A value matches when it contains part as typed (LIKE: ASCII in any
	// case), or once separators are left out of both; a value without a
	// separator is only compared so when part had one.
	separated := `(instr(value, '-') OR instr(value, '_') OR instr(value, '.')) AND `
	if bare != strings.ToUpper(part) {
		separated = ""
	}
	match := `(value LIKE ?1 ESCAPE '\' OR (` + separated + `instr(upper(replace(replace(replace(value, '-', ''), '_', ''), '.', '')), ?2) > 0))`
	args := []any{like, bare}
	ph := make([]string, len(names))
	for i, n := range names {
		ph[i] = "?"
		args = append(args, n)
	}
	args = append(args, limit)
	return s.queryStrings(ctx, `SELECT value FROM (
			SELECT value, max(entry_id) AS newest FROM journal_keys WHERE value < 'h:' AND `+match+` GROUP BY value
			UNION ALL
			SELECT value, max(entry_id) FROM journal_keys WHERE value >= 'h;' AND `+match+` GROUP BY value) AS v
		WHERE EXISTS (SELECT 1 FROM journal_keys n WHERE n.value = v.value AND n.name IN (`+strings.Join(ph, ",")+`))
		ORDER BY newest DESC, value LIMIT ?`, args...)
}

// bareSeparators is v without the separators an identifier is written
// with or without ('-', '_', '.').
func bareSeparators(v string) string {
	return strings.NewReplacer("-", "", "_", "", ".", "").Replace(v)
}

// KeysOneOff lists the distinct identifiers keyed under names that are
// key with one character mistyped or two neighbours swapped (ASCII
// letters in any case), newest first, at most limit: the VIN read out
// over the phone with an 8 for a B. Only values of key's length are
// compared (a dropped or added character is left to KeysContaining, which
// finds the longer identifier), and, like KeysContaining, it reads the
// value index, skipping the personal hashes.
func (s *Store) KeysOneOff(ctx context.Context, names []string, key string, limit int) ([]string, error) {
	s.settled(ctx)
	want := []rune(strings.ToUpper(key))
	if len(want) < 6 || len(names) == 0 || limit <= 0 {
		return nil, nil // a short key is one off from too much
	}
	// The rows are narrowed in SQL, before they are grouped: a value one
	// off keeps key's first m-1 characters or its characters from m on
	// whole (whichever half the typo or swap is not in), and oneOff then
	// tells which of those are. Grouping every value of key's length
	// first took seconds on a journal of 200,000 requests.
	m := len(want) / 2
	suffix := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(string(want[m:]))
	args := []any{len(want), string(want[:m-1]), "%" + suffix}
	narrow := `(substr(value, 1, length(?2)) = ?2 OR value LIKE ?3 ESCAPE '\')`
	// DISTINCT follows the value index, so the values come out streamed,
	// not grouped; only the few one off are then ranked by their newest
	// request.
	values, err := s.queryStrings(ctx, `SELECT DISTINCT value FROM journal_keys
		WHERE (value < 'h:' OR value >= 'h;') AND length(value) = ?1 AND `+narrow, args...)
	if err != nil {
		return nil, err
	}
	var near []any
	for _, v := range values {
		if oneOff(want, []rune(strings.ToUpper(v))) {
			near = append(near, v)
		}
	}
	if len(near) == 0 {
		return nil, nil
	}
	args = near
	for _, name := range names {
		args = append(args, name)
	}
	args = append(args, limit)
	return s.queryStrings(ctx, `SELECT value FROM journal_keys
		WHERE value IN (`+strings.TrimSuffix(strings.Repeat("?,", len(near)), ",")+`)
		AND name IN (`+strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")+`)
		GROUP BY value ORDER BY max(entry_id) DESC, value LIMIT ?`, args...)
}

// oneOff says a and b (of one length) differ in exactly one place, or
// in two neighbouring places holding each other's character.
func oneOff(a, b []rune) bool {
	var diff []int
	for i := range a {
		if a[i] != b[i] {
			if diff = append(diff, i); len(diff) > 2 {
				return false
			}
		}
	}
	switch len(diff) {
	case 1:
		return true
	case 2:
		i, j := diff[0], diff[1]
		return j == i+1 && a[i] == b[j] && a[j] == b[i]
	}
	return false
}
