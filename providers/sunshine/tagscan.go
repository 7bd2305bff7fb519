package sunshine

import (
	"bytes"
	"fmt"
)

// The scanner reads the document's GBK bytes as they travel: canonical.go
// says why that is safe.

type tagPos struct {
	name        []byte // a slice of the document: no copy per tag
	start, end  int    // b[start:end] is the whole tag, '<' to '>'
	closing     bool
	selfClosing bool
}

// scanTags lists the element tags of b in order, skipping comments, CDATA
// sections, processing instructions and declarations.
func scanTags(b []byte) []tagPos {
	tags := make([]tagPos, 0, bytes.Count(b, []byte("<")))
	for i := 0; ; {
		t, ok := nextTag(b, i)
		if !ok {
			return tags
		}
		tags = append(tags, t)
		i = t.end
	}
}

// nextTag is the first element tag at or after b[i]. ok is false when
// there is none, or when it is unterminated: nothing after it can be
// trusted.
func nextTag(b []byte, i int) (t tagPos, ok bool) {
	for i < len(b) {
		if b[i] != '<' {
			k := bytes.IndexByte(b[i:], '<')
			if k < 0 {
				return t, false
			}
			i += k
		}
		rest := b[i:]
		switch {
		case len(rest) < 2 || rest[1] != '!' && rest[1] != '?':
			// an element's tag: the usual case
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(b, i, "-->")
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(b, i, "]]>")
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(b, i, "?>")
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipPast(b, i, ">")
			continue
		}
		t = tagPos{start: i}
		j := i + 1
		if j < len(b) && b[j] == '/' {
			t.closing = true
			j++
		}
		k := j
		for k < len(b) && !isSpace(b[k]) && b[k] != '>' && b[k] != '/' {
			k++
		}
		t.name = b[j:k:k]
		// The tag ends at the first '>' outside a quoted attribute value.
		for {
			gt := bytes.IndexByte(b[k:], '>')
			if gt < 0 {
				return t, false
			}
			q := quoteIndex(b[k : k+gt])
			if q < 0 {
				k += gt
				break
			}
			k += q
			e := bytes.IndexByte(b[k+1:], b[k])
			if e < 0 {
				return t, false
			}
			k += e + 2
		}
		t.end = k + 1
		t.selfClosing = !t.closing && k > j && b[k-1] == '/'
		return t, true
	}
	return t, false
}

// quoteIndex is the index of the first quote (double or single) in b, or -1.
func quoteIndex(b []byte) int {
	for i, c := range b {
		if c == '"' || c == '\'' {
			return i
		}
	}
	return -1
}

func skipPast(b []byte, i int, end string) int {
	if k := bytes.Index(b[i:], []byte(end)); k >= 0 {
		return i + k + len(end)
	}
	return len(b)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// elementRanges returns the byte ranges [start,end) of every element named
// name (exact case: the signature covers exact bytes) that is not nested in
// another element of the same name.
func elementRanges(b []byte, tags []tagPos, name string) ([][2]int, error) {
	var out [][2]int
	for i := 0; i < len(tags); i++ {
		t := tags[i]
		if t.closing || string(t.name) != name {
			continue
		}
		if t.selfClosing {
			out = append(out, [2]int{t.start, t.end})
			continue
		}
		depth, found := 1, false
		for j := i + 1; j < len(tags); j++ {
			u := tags[j]
			if string(u.name) != name || u.selfClosing {
				continue
			}
			if u.closing {
				depth--
			} else {
				depth++
			}
			if depth == 0 {
				out = append(out, [2]int{t.start, u.end})
				i, found = j, true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("<%s> at byte %d has no </%s>", name, t.start, name)
		}
	}
	return out, nil
}
