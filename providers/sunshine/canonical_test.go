package sunshine

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The scanner and Compact before they were made faster, kept as the
// reference the fast ones must match byte for byte.

func scanTagsReference(b []byte) []tagPos {
	var tags []tagPos
	for i := 0; i < len(b); {
		if b[i] != '<' {
			k := bytes.IndexByte(b[i:], '<')
			if k < 0 {
				break
			}
			i += k
		}
		rest := b[i:]
		switch {
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
		t := tagPos{start: i}
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
		var quote byte
		for k < len(b) {
			c := b[k]
			if quote != 0 {
				if c == quote {
					quote = 0
				}
			} else if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			}
			k++
		}
		if k >= len(b) {
			break
		}
		t.end = k + 1
		t.selfClosing = !t.closing && k > j && b[k-1] == '/'
		tags = append(tags, t)
		i = t.end
	}
	return tags
}

func compactReference(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		out = append(out, b[i])
		if b[i] != '>' {
			continue
		}
		j := i + 1
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == '<' {
			i = j - 1
		}
	}
	return out
}

func canonicalElementReference(b []byte, element string) ([]byte, error) {
	r, err := elementRanges(b, scanTagsReference(b), element)
	if err != nil {
		return nil, err
	}
	if len(r) == 0 {
		return nil, fmt.Errorf("no <%s> element", element)
	}
	return compactReference(b[r[0][0]:r[0][1]]), nil
}

func checkCanonical(t *testing.T, doc []byte) {
	t.Helper()
	if got, want := scanTags(doc), scanTagsReference(doc); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
		t.Fatalf("scanTags(%q)\n = %v\n reference %v", doc, got, want)
	}
	if got, want := Compact(doc), compactReference(doc); !bytes.Equal(got, want) {
		t.Fatalf("Compact(%q)\n = %q\n reference %q", doc, got, want)
	}
	for _, el := range []string{"Request", "Response", "a"} {
		got, err := CanonicalElement(doc, el)
		want, wantErr := canonicalElementReference(doc, el)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(got, want) {
			t.Fatalf("CanonicalElement(%q, %s)\n = %q, %v\n reference %q, %v", doc, el, got, err, want, wantErr)
		}
	}
}

var xmlPieces = []string{
	"<Request>", "</Request>", "<Request/>", "<Request a='1'>", "<Response>", "</Response>",
	"<a>", "</a>", "<a/>", "<a b=\"x>y\">", "<a b='it\"s'>", "<a b='open", "<a", "</a", ">", "<", "/>",
	"<!-- c -->", "<!-- <Request> -->", "<![CDATA[<Request>]]>", "<?xml version='1.0'?>", "<!DOCTYPE x>",
	"<!--", "<![CDATA[", "<?", " ", "\n\t", "  \r\n", "text", "儿童", "\xb6\xf9", "'", "\"", "=",
}

func TestCanonicalMatchesReference(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "manual", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checkCanonical(t, b)
		if g, err := EncodeGBK(b); err == nil {
			checkCanonical(t, g)
		}
	}
	r := rand.New(rand.NewPCG(13, 4))
	for range 30000 {
		var b []byte
		for n := r.IntN(30); n > 0; n-- {
			b = append(b, xmlPieces[r.IntN(len(xmlPieces))]...)
		}
		checkCanonical(t, b)
	}
}

func FuzzCanonicalMatchesReference(f *testing.F) {
	for _, p := range xmlPieces {
		f.Add([]byte(p))
	}
	f.Add([]byte("<Package><Request> <a b='>'>x</a>\n</Request><Sign/></Package><Request>"))
	f.Fuzz(func(t *testing.T, b []byte) { checkCanonical(t, b) })
}
