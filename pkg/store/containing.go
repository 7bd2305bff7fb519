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
