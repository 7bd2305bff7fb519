package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode"

	"github.com/insurekit/insure/pkg/personal"
	"golang.org/x/text/width"
)

// KeyForms are the forms of an identifier a look-up tries, in order, each
// only when the ones before it found nothing: the key as typed (spaces
// around it trimmed); in upper case, since VINs, plates and the
// providers' numbers are upper case and are often typed in lower; and
// written as the journal keeps identifiers, without the spaces and
// middle dots a plate is printed and pasted with (京J 97896, 京J·97896)
// and with full-width letters and digits, as a Chinese input method
// types them (京Ｊ９７８９６), made plain. An order id chosen in lower
// case is still found as typed first.
func KeyForms(key string) []string {
	key = strings.TrimSpace(key)
	forms := []string{key}
	add := func(f string) {
		if f != "" && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	up := strings.ToUpper(key)
	add(up)
	add(strings.ToUpper(unspaced(key)))
	return forms
}

// unspaced is key without spaces and middle dots, full-width letters and
// digits made plain; in the case it was typed.
func unspaced(key string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || middleDot(r) {
			return -1
		}
		return r
	}, width.Narrow.String(strings.TrimSpace(key)))
}

// middleDot says whether r is one of the dots a plate's province and
// letter are set apart with (京J·97896).
func middleDot(r rune) bool {
	switch r {
	case '·', '•', '・', '･', '‧', '∙':
		return true
	}
	return false
}

// KeyInClear says whether the journal keys value itself, not only its
// personal hash: a key found that way is an identifier, which a command
// may repeat; one found only by its hash is a name or an ID number, which
// it must not.
func (s *Store) KeyInClear(ctx context.Context, value string) (bool, error) {
	s.settled(ctx)
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM journal_keys WHERE value = ? LIMIT 1`, value).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// MaskedKey is key as a message may repeat it: an identifier as typed,
// personal data masked (personal.MaskKey). An ID number or a mobile is
// often typed in groups (440106 19800101 1234), which MaskKey does not
// recognise; it is masked as the number it is without the spaces.
func MaskedKey(key string) string {
	// In the case typed: an e-mail address is not repeated upper-cased.
	if plain := unspaced(key); personal.MaskKey(plain) != plain {
		return personal.MaskKey(plain)
	}
	return personal.MaskKey(key)
}

// KeyInAnyCase is the identifier the journal keys that is value in
// another letter case (a batch's mixed-case order id INSBea51… typed in
// lower case), among the newest entries (completionWindow of them, since
// no index serves a match without case); "" when there is none. Personal
// hashes are never returned.
func (s *Store) KeyInAnyCase(ctx context.Context, value string) (string, error) {
	s.settled(ctx)
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM journal_keys
		WHERE entry_id > (SELECT coalesce(max(id), 0) FROM journal) - `+completionWindow+`
		AND value = ? COLLATE NOCASE AND value NOT LIKE 'h:%'
		ORDER BY entry_id DESC LIMIT 1`, value).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}
