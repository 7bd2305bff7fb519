package sunshine

import (
	"bytes"
	"crypto/rsa"
	"fmt"
)

// The signature covers bytes, not an XML infoset, so the canonical form is
// cut from the document as it travels (GBK). Working on GBK bytes directly
// is safe: '<', '>' and ASCII whitespace are below 0x40, and GBK never uses
// such bytes inside a two-byte character.

// Compact removes runs of whitespace that sit between two tags ("> \n\t<"),
// the platform's normalisation before signing. Whitespace inside text is
// kept, so a value that itself begins or ends with spaces is signed as is.
func Compact(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for {
		k := bytes.IndexByte(b, '>')
		if k < 0 {
			return append(out, b...)
		}
		out, b = append(out, b[:k+1]...), b[k+1:]
		j := 0
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == '<' {
			b = b[j:]
		}
	}
}

// CanonicalElement returns the bytes that are signed: the first element
// named element ("Request" or "Response"), from its start tag to its end
// tag, exactly as in xmlGBK, with whitespace between tags removed.
func CanonicalElement(xmlGBK []byte, element string) ([]byte, error) {
	start, end, err := firstElement(xmlGBK, element)
	if err != nil {
		return nil, err
	}
	if start < 0 {
		return nil, fmt.Errorf("no <%s> element", element)
	}
	return Compact(xmlGBK[start:end]), nil
}

// firstElement is the first of elementRanges(b, scanTags(b), name), or -1
// when there is none, with the same error, without listing the tags. It
// reads tags as nextTag does, inlined: the signed element is most of a
// request, and this loop is most of what canonicalising it costs. Once the
// first element is closed, the rest is read only if it holds name at all,
// for an element of the name left open (elementRanges's error).
func firstElement(b []byte, name string) (start, end int, err error) {
	start, end = -1, -1
	depth, open := 0, 0
	n := len(b)
	for i := 0; i < n; {
		if b[i] != '<' {
			k := bytes.IndexByte(b[i:], '<')
			if k < 0 {
				break
			}
			i += k
		}
		if i+1 < n && (b[i+1] == '!' || b[i+1] == '?') {
			rest := b[i:]
			switch {
			case bytes.HasPrefix(rest, []byte("<!--")):
				i = skipPast(b, i, "-->")
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				i = skipPast(b, i, "]]>")
			case bytes.HasPrefix(rest, []byte("<?")):
				i = skipPast(b, i, "?>")
			default:
				i = skipPast(b, i, ">")
			}
			continue
		}
		tagStart, j, closing := i, i+1, false
		if j < n && b[j] == '/' {
			closing = true
			j++
		}
		k := j
		for k < n {
			if c := b[k]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/' {
				break
			}
			k++
		}
		named := k-j == len(name) && string(b[j:k]) == name
		// The tag ends at the first '>' outside a quoted attribute value.
		for k < n {
			c := b[k]
			if c == '>' {
				break
			}
			if c == '"' || c == '\'' {
				e := bytes.IndexByte(b[k+1:], c)
				if e < 0 {
					k = n
					break
				}
				k += e + 1
			}
			k++
		}
		if k >= n {
			break // unterminated tag: nothing after it can be trusted
		}
		i = k + 1
		if !named {
			continue
		}
		selfClosing := !closing && k > j && b[k-1] == '/'
		switch {
		case depth == 0:
			if closing {
				continue
			}
			if selfClosing {
				if start < 0 {
					start, end = tagStart, i
				}
				continue
			}
			depth, open = 1, tagStart
		case selfClosing:
		case closing:
			if depth--; depth == 0 && start < 0 {
				start, end = open, i
			}
		default:
			depth++
		}
		if depth == 0 && start >= 0 && !bytes.Contains(b[i:], []byte(name)) {
			break
		}
	}
	if depth > 0 {
		return -1, -1, fmt.Errorf("<%s> at byte %d has no </%s>", name, open, name)
	}
	return start, end, nil
}

// packagePart is one <Package> of a document and the byte ranges, within
// the whole document, of its signed body and of its Sign element.
type packagePart struct {
	pkg, body, sign [2]int
	hasBody         bool
	hasSign         bool
}

func packageParts(b []byte, body string) ([]packagePart, error) {
	tags := scanTags(b)
	pkgs, err := elementRanges(b, tags, "Package")
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no <Package> element")
	}
	var parts []packagePart
	for _, p := range pkgs {
		part := packagePart{pkg: p}
		var inner []tagPos
		for _, t := range tags {
			if t.start > p[0] && t.end < p[1] {
				inner = append(inner, t)
			}
		}
		if err := singleParts(len(parts)+1, inner, body); err != nil {
			return nil, err
		}
		if r, err := elementRanges(b, inner, body); err != nil {
			return nil, err
		} else if len(r) > 0 {
			part.body, part.hasBody = r[0], true
		}
		if r, err := elementRanges(b, inner, "Sign"); err != nil {
			return nil, err
		} else if len(r) > 0 {
			part.sign, part.hasSign = r[0], true
		}
		if part.hasBody && part.hasSign && part.sign[0] < part.body[1] && part.body[0] < part.sign[1] {
			// One inside the other: a signature written into the Sign
			// would replace the body, or change it after it was signed.
			return nil, fmt.Errorf("package %d has its <%s> and its <Sign> one inside the other; they are siblings", len(parts)+1, body)
		}
		parts = append(parts, part)
	}
	return parts, nil
}

// singleParts refuses a package with more than one body or Sign element,
// at any depth and in any case: the reader acts on the body it finds
// (names without case), so the signature must cover that very element,
// and with one of each there is no other it could be.
func singleParts(pkg int, inner []tagPos, body string) error {
	nBody, nSign := 0, 0
	for _, t := range inner {
		switch {
		case t.closing:
		case bytes.EqualFold(t.name, []byte(body)):
			nBody++
		case bytes.EqualFold(t.name, []byte("Sign")):
			nSign++
		}
	}
	switch {
	case nBody > 1:
		return &RepeatedElementError{Package: pkg, Element: body, Count: nBody}
	case nSign > 1:
		return &RepeatedElementError{Package: pkg, Element: "Sign", Count: nSign}
	}
	return nil
}

// SignDocument signs the body element (Request for a partner, Response for
// the platform) of every Package in xmlGBK and returns the document with
// each Sign element's content replaced, or a Sign added after the body.
// Every other byte is left alone, so signing an already signed document
// with the same key changes nothing (PKCS#1 v1.5 signatures are
// deterministic).
func SignDocument(xmlGBK []byte, body string, key *rsa.PrivateKey) ([]byte, error) {
	parts, err := packageParts(xmlGBK, body)
	if err != nil {
		return nil, err
	}
	out := append([]byte(nil), xmlGBK...)
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if !p.hasBody {
			return nil, fmt.Errorf("package %d has no <%s>", i+1, body)
		}
		sig, err := SignRequest(Compact(xmlGBK[p.body[0]:p.body[1]]), key)
		if err != nil {
			return nil, err
		}
		signEl := []byte("<Sign>" + sig + "</Sign>")
		if p.hasSign {
			out = splice(out, p.sign[0], p.sign[1], signEl)
		} else {
			out = splice(out, p.body[1], p.body[1], signEl)
		}
	}
	return out, nil
}

func splice(b []byte, from, to int, with []byte) []byte {
	out := make([]byte, 0, len(b)-(to-from)+len(with))
	out = append(out, b[:from]...)
	out = append(out, with...)
	return append(out, b[to:]...)
}

// VerifyDocument checks the Sign of every Package against its body element
// with the signer's public key.
func VerifyDocument(xmlGBK []byte, body string, pub *rsa.PublicKey) error {
	parts, err := packageParts(xmlGBK, body)
	if err != nil {
		return err
	}
	for i, p := range parts {
		if !p.hasBody {
			return fmt.Errorf("package %d has no <%s> to verify", i+1, body)
		}
		if !p.hasSign {
			return fmt.Errorf("package %d has no <Sign>", i+1)
		}
		sig := signText(xmlGBK[p.sign[0]:p.sign[1]])
		if err := VerifySignature(Compact(xmlGBK[p.body[0]:p.body[1]]), sig, pub); err != nil {
			return fmt.Errorf("package %d: %w", i+1, err)
		}
	}
	return nil
}

// signText is the content of a <Sign>...</Sign> element.
func signText(el []byte) string {
	start := bytes.IndexByte(el, '>') + 1
	end := bytes.LastIndex(el, []byte("</"))
	if start <= 0 || end < start {
		return "" // <Sign/>
	}
	return string(el[start:end])
}
