package sunshine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// declEncoding is compiled on first use: most runs of insure never read a
// Sunshine document.
var declEncoding = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']`)
})

// xmlDeclVersion finds an XML declaration's opening up to its version, in
// a declaration that names no encoding.
var xmlDeclVersion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*<\?xml\s+version\s*=\s*(?:"[^"]*"|'[^']*')`)
})

// gbkDeclaration is the declaration the manual's envelope begins with
// (3.2).
const gbkDeclaration = `<?xml version="1.0" encoding="GBK"?>` + "\n"

// declareGBK makes a GBK document say so. Without a declaration, or with
// one naming no encoding, an XML parser must read the bytes as UTF-8
// (XML 1.0, 4.3.3), and the platform's would fail on, or garble, every
// Chinese character; the manual's envelope declares GBK (3.2). A document
// whose declaration names an encoding is left as it is.
func declareGBK(doc []byte) []byte {
	if declEncoding().Match(doc) {
		return doc
	}
	if m := xmlDeclVersion().FindIndex(doc); m != nil {
		return splice(doc, m[1], m[1], []byte(` encoding="GBK"`))
	}
	if bytes.HasPrefix(bytes.TrimLeft(doc, " \t\r\n"), []byte("<?xml")) {
		return doc // a declaration too malformed to complete
	}
	return append([]byte(gbkDeclaration), doc...)
}

// GBKReadableAsUTF8 reports whether doc, which declares GBK (or GB2312,
// GB18030, CP936), is GBK whose bytes also happen to be valid UTF-8. A GBK
// character whose two bytes are C2-DF then 80-BF is a two-byte UTF-8
// sequence too: 鲁 (C2 B3, Shandong's plates) reads as "³", which GBK
// cannot write, and 肖 (D0 A4) as "Ф", which GBK writes as A7 A6, so a
// file taken for UTF-8 would be refused for a character it does not hold,
// or sent as other text. Chinese in UTF-8 takes three bytes a character:
// a file that declares GBK, holds no UTF-8 sequence longer than two bytes
// and comes back unchanged through GBK is GBK. Longer sequences occur in
// GBK too (岑红春 is E1AFBA ECB4BA: U+1BFA and a Hangul syllable), so a
// file whose UTF-8 reading holds a character GBK cannot write, and which
// comes back unchanged through GBK, is GBK as well: no editor saved a
// GBK-declared request holding Balinese and Hangul. What remains
// ambiguous (GBK bytes that read as UTF-8 Chinese, 鍖椾含 as 北京) is
// read as UTF-8, what an editor writes.
func GBKReadableAsUTF8(doc []byte) bool {
	m := declEncoding().FindSubmatch(doc)
	if m == nil || bytes.HasPrefix(doc, utf8BOM) || !utf8.Valid(doc) {
		return false
	}
	switch strings.ToUpper(string(m[1])) {
	case "GBK", "GB2312", "GB18030", "CP936":
	default:
		return false
	}
	nonASCII, long := false, false
	for _, r := range string(doc) {
		long = long || r >= 0x800
		nonASCII = nonASCII || r >= utf8.RuneSelf
	}
	if !nonASCII {
		return false
	}
	if long {
		if _, err := encodeGBK(doc); err == nil {
			return false // three bytes or more, all writable in GBK: written as UTF-8
		}
		if !gb2312Pairs(doc) {
			// UTF-8 the GBK decoder also takes (an emoji reads as two
			// rare GBK characters): a UTF-8 file with a character GBK
			// cannot write, to be refused as such.
			return false
		}
	}
	text, err := DecodeGBK(doc)
	if err != nil {
		return false
	}
	again, err := EncodeGBK(text)
	return err == nil && bytes.Equal(again, doc)
}

// gb2312Pairs says whether every non-ASCII byte of doc is part of a pair
// in GB2312's range (both bytes A1-FE, the first at most F7), where the
// Chinese of a request (names, addresses, plates) lies: GBK's extension
// area is where UTF-8 read as GBK lands.
func gb2312Pairs(doc []byte) bool {
	for i := 0; i < len(doc); i++ {
		b := doc[i]
		if b < utf8.RuneSelf {
			continue
		}
		if i+1 >= len(doc) || b < 0xA1 || b > 0xF7 || doc[i+1] < 0xA1 || doc[i+1] > 0xFE {
			return false
		}
		i++
	}
	return true
}

// DecodeGBK turns wire bytes into UTF-8. The envelope is GBK whatever the
// declaration says, except when it explicitly declares UTF-8. GB18030 is a
// superset of GBK, so decoding with it reads any GBK text unchanged and
// does not fail on the odd GB18030 character a real server might emit.
func DecodeGBK(b []byte) ([]byte, error) {
	if m := declEncoding().FindSubmatch(b); m != nil && strings.EqualFold(string(m[1]), "utf-8") {
		return b, nil
	}
	return decodeGB18030(b)
}

// decodeAnswer is DecodeGBK for the platform's answers, read tolerantly:
// a document GBK cannot decode (its decoding holds U+FFFD) whose bytes are
// valid UTF-8 is a servlet writing UTF-8 under a GBK declaration, and is
// read as the UTF-8 it is rather than shown as garbled text. (Chinese GBK
// text is practically never valid UTF-8 as well.) The signature is checked
// on the bytes as received either way.
func decodeAnswer(b []byte) ([]byte, error) {
	d, err := DecodeGBK(b)
	if err == nil && bytes.ContainsRune(d, utf8.RuneError) && hasNonASCII(b) && utf8.Valid(b) {
		return b, nil
	}
	return d, err
}

// EncodeGBK turns UTF-8 text into GBK, failing on characters GBK lacks
// (the platform could not read them back).
func EncodeGBK(b []byte) ([]byte, error) {
	out, err := encodeGBK(b)
	if err != nil {
		return nil, fmt.Errorf("text cannot be written in GBK: %w", err)
	}
	return out, nil
}

// outsideGBK reports the 81 characters x/text's GBK encoder writes although
// GBK does not hold them: it follows the WHATWG encoder, which is GB18030's
// two-byte table, so it writes the euro sign as the single byte 0x80 and
// gives CJK radicals, ideographic description characters, ǹ, 〾 and
// Extension A ideographs (刘䶮's 䶮 is FE9F) codes that GBK leaves to private
// use. A strict GBK reader refuses those bytes, and Java's GBK, the
// platform's, reads 0x80 as unmappable and FE9F as U+E863, so the platform
// would get other text than was signed for. No character of these ranges
// is in GBK (checked against Java's GBK.map and Python's gbk codec).
func outsideGBK(r rune) bool {
	switch {
	case r == 0x01F9, r == 0x20AC, r == 0x303E:
		return true
	case 0x2E80 <= r && r <= 0x2EFF, 0x2FF0 <= r && r <= 0x2FFF, 0x3400 <= r && r <= 0x4DBF:
		return true
	}
	return false
}

// firstOutsideGBK finds the first character of b that outsideGBK
// reports. It runs on every request's non-ASCII text, mostly common
// ideographs, so it steps from lead byte to lead byte and looks closer
// only at those its ranges start with (C7: U+01C0-01FF; E2, E3, E4:
// U+2000-4FFF, where the common ideographs from U+4E00 share E4 with
// Extension A). TestFirstOutsideGBKIsOutsideGBK holds it to outsideGBK
// for every character of the Basic Multilingual Plane.
func firstOutsideGBK(b []byte) (rune, bool) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0xC0:
			i++ // ASCII, or a stray continuation byte
			continue
		case c < 0xE0:
			if c != 0xC7 {
				i += 2
				continue
			}
		case c < 0xF0:
			if c < 0xE2 || c > 0xE4 {
				i += 3
				continue
			}
		default:
			i += 4
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if outsideGBK(r) {
			return r, true
		}
		i += n
	}
	return 0, false
}

// The envelopes are mostly ASCII, which GBK, GB18030 and UTF-8 write
// alike, so runs of ASCII are copied and only the runs around them go
// through x/text. The result is byte for byte what x/text gives for the
// whole text (gbk_test.go checks it on ASCII, mixed and invalid input).

// encodeGBK is simplifiedchinese.GBK.NewEncoder().Bytes(b). A run of
// non-ASCII bytes ends at the next ASCII byte: no UTF-8 sequence holds
// one, so the encoder sees the same characters (or the same invalid bytes)
// as in the whole text. GBK's output is never longer than UTF-8's input.
func encodeGBK(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	var enc transform.Transformer
	for len(b) > 0 {
		n := asciiPrefix(b)
		out, b = append(out, b[:n]...), b[n:]
		if len(b) == 0 {
			break
		}
		m := nonASCIIPrefix(b)
		if r, ok := firstOutsideGBK(b[:m]); ok {
			return nil, fmt.Errorf("%q (U+%04X) is not a GBK character", r, r)
		}
		if enc == nil {
			enc = simplifiedchinese.GBK.NewEncoder()
		}
		var err error
		if out, err = transformAppend(enc, out, b[:m]); err != nil {
			return nil, err
		}
		b = b[m:]
	}
	return out, nil
}

// decodeGB18030 is simplifiedchinese.GB18030.NewDecoder().Bytes(b). A GBK
// or GB18030 character may end in an ASCII byte (trail bytes 0x40-0x7E,
// the digits of four-byte forms), so a run handed to the decoder ends only
// after two ASCII bytes in a row: the second cannot be inside a character
// (every byte before a non-first byte of one is 0x81 or above), and the
// decoder's look-ahead at the run's end gives what it gives in the whole
// text (an invalid character either way).
func decodeGB18030(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)+len(b)/2)
	var dec transform.Transformer
	for len(b) > 0 {
		n := asciiPrefix(b)
		out, b = append(out, b[:n]...), b[n:]
		if len(b) == 0 {
			break
		}
		m := 0
		for {
			m += nonASCIIPrefix(b[m:])
			if m >= len(b)-1 || b[m+1] < utf8.RuneSelf {
				m = min(m+1, len(b))
				break
			}
			m++
		}
		if dec == nil {
			dec = simplifiedchinese.GB18030.NewDecoder()
		}
		var err error
		if out, err = transformAppend(dec, out, b[:m]); err != nil {
			return nil, err
		}
		b = b[m:]
	}
	return out, nil
}

// transformAppend appends t's output for the whole of src to dst.
func transformAppend(t transform.Transformer, dst, src []byte) ([]byte, error) {
	t.Reset()
	for {
		nDst, nSrc, err := t.Transform(dst[len(dst):cap(dst)], src, true)
		dst, src = dst[:len(dst)+nDst], src[nSrc:]
		if err != transform.ErrShortDst {
			return dst, err
		}
		// At most 4 bytes a character either way.
		dst = slices.Grow(dst, 4*len(src))
	}
}

// asciiPrefix is the length of b's leading run of bytes below 0x80.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// nonASCIIPrefix is the length of b's leading run of bytes 0x80 and above.
func nonASCIIPrefix(b []byte) int {
	i := 0
	for i < len(b) && b[i] >= utf8.RuneSelf {
		i++
	}
	return i
}

// EncodingError says where a request file cannot be put into GBK: the
// first character GBK cannot write, or the first byte that is not UTF-8
// in a file that says it is, with its line (which the encoder's own error
// does not say).
type EncodingError struct {
	Line int
	Char rune // a character GBK cannot write; 0 when Byte is the trouble
	Byte byte // a byte that is not UTF-8
	// Declared says the file's declaration (rather than a byte-order
	// mark) claims UTF-8.
	Declared bool
}

func (e *EncodingError) Error() string {
	if e.Char != 0 {
		return fmt.Sprintf("line %d holds %q (U+%04X), which GBK, the platform's encoding, cannot write", e.Line, string(e.Char), e.Char)
	}
	said := "its byte-order mark says"
	if e.Declared {
		said = "its declaration says"
	}
	return fmt.Sprintf("line %d holds the byte 0x%02X, which is not UTF-8 as %s", e.Line, e.Byte, said)
}

// Hint says what to do about it.
func (e *EncodingError) Hint() string {
	if e.Char != 0 {
		return "replace or remove it: Chinese text in common use fits GBK, emoji and some rare characters do not"
	}
	return "save the file as UTF-8, or, if it is GBK, declare encoding='GBK' (and drop any byte-order mark)"
}

// notGBK finds the first character of valid UTF-8 text that GBK cannot
// write; nil when there is none.
func notGBK(doc []byte) *EncodingError {
	line := 1
	for _, r := range string(doc) {
		if r == '\n' {
			line++
		}
		if r < utf8.RuneSelf {
			continue
		}
		if _, err := EncodeGBK([]byte(string(r))); err != nil {
			return &EncodingError{Line: line, Char: r}
		}
	}
	return nil
}

// notUTF8 finds the first byte of doc that is not UTF-8.
func notUTF8(doc []byte, declared bool) *EncodingError {
	line := 1
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if r == utf8.RuneError && n <= 1 {
			return &EncodingError{Line: line, Byte: doc[i], Declared: declared}
		}
		if r == '\n' {
			line++
		}
		i += n
	}
	return &EncodingError{Line: line, Declared: declared}
}
