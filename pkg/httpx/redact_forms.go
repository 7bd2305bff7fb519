package httpx

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// encodedForms lists v and the forms it takes when a server (or insure)
// writes it somewhere a log line or journal row shows: an answer's JSON
// string (escaped as Go, Python's ensure_ascii, or with \/), XML or HTML
// text, a URL query or path (either hex case), base64 (standard or URL,
// padded or not, and the part that encodes it inside a longer base64
// value), hex of its bytes, its GBK bytes (a Sunshine answer not declared
// GBK is shown as it came), and the whole secret in upper and in lower
// case (which changes the case of letters outside ASCII too). The masker
// matches every form in any case of its ASCII letters. Each is an
// encoding of the whole secret, so none of them matches unrelated text.
// The two ways an XML writer escapes text: named entities, and numeric
// references as encoding/xml writes them. Built once (a Replacer builds
// its table on first use), not at every masker.
var (
	xmlEntities = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
	xmlCharRefs = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;")
	// xmlMinimal escapes only what XML text requires (& and <), as many
	// XML writers do, leaving > and quotes as they are.
	xmlMinimal = strings.NewReplacer("&", "&amp;", "<", "&lt;")
)

func encodedForms(v string) []string {
	b := []byte(v)
	out := []string{v,
		url.QueryEscape(v), url.PathEscape(v), percentAll(v),
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
		html.EscapeString(v),
		xmlEntities.Replace(v),
		xmlCharRefs.Replace(v),
		xmlMinimal.Replace(v),
	}
	for _, q := range out[1:4] {
		out = append(out, lowerPercentHex(q))
		// A sign-in gateway's redirect carries the URL it refused,
		// query and all, escaped again (login?next=...%253D...).
		if q != v {
			out = append(out, url.QueryEscape(q), percentAll(q))
		}
	}
	for _, j := range jsonForms(v) {
		out = append(out, j, strings.ReplaceAll(j, "/", `\/`))
		// A server that refuses a JSON request quotes the body it got
		// in its own JSON message (escaped twice: \\u0026), or a gateway
		// puts it in a redirect's query. Only where escaping changed v:
		// a plain token adds nothing.
		if j != v {
			out = append(out, url.QueryEscape(j), percentAll(j))
			out = append(out, jsonForms(j)...)
		}
	}
	// Escaping every byte but letters and digits (as some encoders do,
	// '-' and '.' included) is a form of its own.
	out = append(out, percentAlnum(v))
	if g, err := simplifiedchinese.GBK.NewEncoder().String(v); err == nil {
		out = append(out, g)
		// A GBK service (Sunshine, a Chinese gateway) percent-encodes or
		// hex-dumps the GBK bytes, not the UTF-8 ones.
		if g != v {
			gh := hex.EncodeToString([]byte(g))
			out = append(out, url.QueryEscape(g), percentAll(g), percentAlnum(g), gh, strings.ToUpper(gh))
		}
	}
	out = append(out, base64Inside(b)...)
	out = append(out, separatorForms(v)...)
	// The whole secret in capitals or in lower case, as a gateway that
	// normalises an error page or a log line repeats it: for ASCII the
	// masker's folding covers it (and any other mix), for letters outside
	// ASCII (full-width, Greek) only these two forms do.
	for _, c := range []string{strings.ToLower(v), strings.ToUpper(v)} {
		if c != v {
			out = append(out, c, url.QueryEscape(c), percentAll(c))
		}
	}
	return out
}

// separatorForms are v with its base64 specials ('+', '/', '=') each
// written the way one URL encoder or decoder leaves it, whatever is done
// to the other two: a token sent unescaped in a query comes back from a
// server that decoded the query form-style with its '+' as a space (and
// re-encoded, %20), Python's quote escapes '+' and '=' but not '/', a
// hand-built URL escapes '+' only. encodedForms has the forms where all
// three are escaped or none is; these are the mixes. '/' raw is also
// JSON's \/. Nil when v holds none of the three, so most secrets cost
// nothing.
func separatorForms(v string) []string {
	ways := [][]string{{"+", " ", "%2B", "%20"}, {"/", "%2F", `\/`}, {"=", "%3D"}}
	combos := [][]string{nil} // each a strings.NewReplacer argument list
	for _, w := range ways {
		if !strings.Contains(v, w[0]) {
			continue
		}
		var next [][]string
		for _, c := range combos {
			for _, to := range w {
				next = append(next, append(append([]string(nil), c...), w[0], to))
			}
		}
		combos = next
	}
	if len(combos) == 1 {
		return nil
	}
	out := make([]string, 0, len(combos))
	for _, c := range combos {
		if f := strings.NewReplacer(c...).Replace(v); f != v {
			out = append(out, f)
		}
	}
	return out
}

// base64Inside is the base64 text that encodes b wherever b sits in a
// longer value (an echoed "Authorization: Basic base64(user:secret)", a
// token wrapping it): b at each of the three byte offsets modulo 3,
// encoded, less the characters at either end that also hold bits of the
// neighbouring bytes; in both alphabets (padding falls outside). Nil for
// a b so short that one of the three is under minBase64Inside
// characters: fewer would mask unrelated base64.
func base64Inside(b []byte) []string {
	var out []string
	padded := make([]byte, 2+len(b)) // two zero bytes, then b
	copy(padded[2:], b)
	for k := range 3 {
		// Character j holds bits 6j to 6j+6 of the stream; b's are bits
		// 8k to 8(k+len(b)).
		first, end := (8*k+5)/6, 8*(k+len(b))/6
		if end-first < minBase64Inside {
			return nil
		}
		std := base64.RawStdEncoding.EncodeToString(padded[2-k:])[first:end]
		out = append(out, std)
		if strings.ContainsAny(std, "+/") {
			out = append(out, strings.NewReplacer("+", "-", "/", "_").Replace(std))
		}
	}
	return out
}

const minBase64Inside = 8

// jsonForms is v inside a JSON string as Go writes it (HTML characters
// escaped or not) and as an ASCII-only encoder (Python's default) does.
func jsonForms(v string) []string {
	var out []string
	for _, escapeHTML := range []bool{true, false} {
		var sb strings.Builder
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(escapeHTML)
		if enc.Encode(v) == nil {
			j := strings.TrimSuffix(sb.String(), "\n")
			out = append(out, j[1:len(j)-1])
		}
	}
	var a strings.Builder
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			a.WriteByte('\\')
			a.WriteRune(r)
		case r == '\n':
			a.WriteString(`\n`)
		case r == '\r':
			a.WriteString(`\r`)
		case r == '\t':
			a.WriteString(`\t`)
		case r < 0x20 || r >= 0x7f:
			if r > 0xffff {
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(&a, `\u%04x\u%04x`, r1, r2)
			} else {
				fmt.Fprintf(&a, `\u%04x`, r)
			}
		default:
			a.WriteRune(r)
		}
	}
	ascii := a.String()
	// An ASCII-only answer kept as raw JSON and written again by Go has
	// its HTML characters escaped on top: abcd\u003c\u5bc6.
	asciiHTML := strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(ascii)
	out = append(out, ascii, asciiUpperEscapes(ascii))
	if asciiHTML != ascii {
		out = append(out, asciiHTML, asciiUpperEscapes(asciiHTML))
	}
	return out
}

// asciiUpperEscapes writes the hex of \uXXXX escapes in upper case.
func asciiUpperEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+5 < len(b); i++ {
		if b[i] == '\\' && b[i+1] == 'u' {
			for k := i + 2; k < i+6; k++ {
				if b[k] >= 'a' && b[k] <= 'f' {
					b[k] -= 'a' - 'A'
				}
			}
			i += 5
		}
	}
	return string(b)
}

// percentAll escapes every byte but the unreserved ones (A-Z a-z 0-9 - _
// . ~), as most URL encoders outside Go do.
func percentAll(v string) string {
	var sb strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

// percentAlnum escapes every byte but ASCII letters and digits.
func percentAlnum(v string) string {
	var sb strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

// lowerPercentHex writes the hex digits of %XX escapes in lower case.
func lowerPercentHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for k := i + 1; k <= i+2; k++ {
				if b[k] >= 'A' && b[k] <= 'F' {
					b[k] += 'a' - 'A'
				}
			}
			i += 2
		}
	}
	return string(b)
}
