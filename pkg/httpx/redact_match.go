package httpx

import (
	"strings"
)

// A masker finds the forms of its secrets ignoring the case of ASCII
// letters: a gateway that echoes a secret may capitalise it, lower-case
// it, or change the case of some letters only ("SandBox-4S-Pass"), and
// letter case is also all that tells the two cases of hex, of %XX and of
// \uXXXX apart. Bytes outside ASCII (UTF-8 letters, GBK) are compared as
// they are. The forms are stored folded (ASCII lower case) and the text
// is folded a byte at a time as it is read, so looking costs no copy.

// foldASCII maps an ASCII capital to its lower case and every other byte
// to itself.
var foldASCII = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c) + 'a' - 'A'
	}
	return t
}()

func foldString(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' }) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = foldASCII[c]
	}
	return string(b)
}

// newMatcher indexes forms, folded and longest first (every one at least
// two bytes long), for index: a Wu-Manber search over blocks of two
// bytes. minLen is the shortest form's length (at most 255); shift says,
// for the hash of a block of text ending a window of minLen bytes, how
// far the window may move on before a form could start in it.
func newMatcher(forms []string) *masker {
	m := &masker{forms: forms, tail: make([]uint16, len(forms)), minLen: 255}
	for _, f := range forms {
		m.minLen = min(m.minLen, len(f))
	}
	l := m.minLen
	for h := range m.shift {
		m.shift[h] = uint8(l - 1)
	}
	for i, f := range forms {
		for j := 0; j+1 < l; j++ {
			h := blockHash(f[j], f[j+1])
			m.shift[h] = min(m.shift[h], uint8(l-2-j))
		}
		m.tail[i] = blockHash(f[l-2], f[l-1])
	}
	return m
}

// blockHash hashes two folded bytes into the shift table. Two blocks
// with one hash share the smaller shift: a collision slows the search a
// little, it never misses a form.
func blockHash(a, b byte) uint16 { return (uint16(a)<<5 ^ uint16(b)) % shiftSize }

const shiftSize = 4096

// index finds in s, from byte from on, the leftmost form and, of those
// that start there, the longest (as strings.Replacer chose: the order of
// the forms): its start and length, or -1. Most text holds no secret, so
// the loop is built for saying no: the window of minLen bytes moves on by
// up to minLen-1 bytes at each look.
func index[T string | []byte](m *masker, s T, from int) (int, int) {
	l := m.minLen
	for pos := from + l - 1; pos < len(s); {
		h := blockHash(foldASCII[s[pos-1]], foldASCII[s[pos]])
		if sh := m.shift[h]; sh > 0 {
			pos += int(sh)
			continue
		}
		start := pos - l + 1
		for i, f := range m.forms {
			if m.tail[i] == h && len(s)-start >= len(f) && equalFoldASCII(s[start:start+len(f)], f) {
				return start, len(f)
			}
		}
		pos++
	}
	return -1, 0
}

// equalFoldASCII reports whether b, in any case of its ASCII letters,
// is the folded form f (of the same length).
func equalFoldASCII[T string | []byte](b T, f string) bool {
	for i := 0; i < len(f); i++ {
		if foldASCII[b[i]] != f[i] {
			return false
		}
	}
	return true
}

// masked is s with every form replaced by Mask, and true; or nil and
// false when s holds none (nearly every text: then nothing is copied).
func masked[T string | []byte](m *masker, s T) ([]byte, bool) {
	i, n := index(m, s, 0)
	if i < 0 {
		return nil, false
	}
	b := make([]byte, 0, len(s))
	last := 0
	for i >= 0 {
		b = append(b, s[last:i]...)
		b = append(b, Mask...)
		last = i + n
		i, n = index(m, s, last)
	}
	return append(b, s[last:]...), true
}

// apply masks s; a text without a secret comes back as it is.
func (m *masker) apply(s string) string {
	if b, ok := masked(m, s); ok {
		return string(b)
	}
	return s
}

// applyBytes is apply for bytes: p itself and false when it holds no
// form, else a masked copy and true.
func (m *masker) applyBytes(p []byte) ([]byte, bool) {
	if b, ok := masked(m, p); ok {
		return b, true
	}
	return p, false
}
