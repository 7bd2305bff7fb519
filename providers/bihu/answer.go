package bihu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/httpx"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// bodyProblem says what is wrong with an answer's body as Bihu's JSON, or
// "" when it is a JSON object. The documents give UTF-8; a body declaring
// a GB charset is accepted when it decodes, and decoded is the body as
// UTF-8 either way.
type bodyProblem struct {
	// charset is set when the body is not valid in its declared charset,
	// or, declaring none, in the documented UTF-8: its text cannot be
	// trusted, so the answer fails verification whatever its status.
	charset string
	// shape is set for a body that is valid text but not a JSON object:
	// empty, an HTML page, JSON cut short.
	shape   string
	decoded []byte
}

func (p bodyProblem) String() string {
	if p.charset != "" {
		return p.charset
	}
	return p.shape
}

// inspectBody reads a body against its Content-Type.
func inspectBody(contentType string, raw []byte) bodyProblem {
	p := bodyProblem{decoded: raw}
	mt, params, _ := mime.ParseMediaType(contentType)
	cs := strings.ToLower(strings.TrimSpace(params["charset"]))
	switch cs {
	case "", "utf-8", "utf8":
		if !utf8.Valid(raw) {
			p.charset = fmt.Sprintf("a body that is not valid UTF-8 (%d bytes)", len(raw))
			if cs == "" {
				p.charset = fmt.Sprintf("a body that is not valid UTF-8, the documents' charset (%d bytes, no charset declared)", len(raw))
			}
			if looksGB(raw) {
				p.charset += "; it reads as GBK: the server sent GBK without declaring it"
			}
			return p
		}
	case "gbk", "gb2312", "gb18030":
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
			p.charset = fmt.Sprintf("a body that is not valid %s, the charset it declares (%d bytes)", strings.ToUpper(cs), len(raw))
			return p
		}
		p.decoded = dec
	default:
		p.charset = fmt.Sprintf("a body in charset %q, which Bihu does not use (the documents give UTF-8)", cs)
		return p
	}
	// A byte-order mark (what a .NET UTF-8 writer may put first) is no
	// part of the JSON: drop it before the body is read, not only here.
	p.decoded = bytes.TrimPrefix(p.decoded, []byte("\xef\xbb\xbf"))
	text := bytes.TrimSpace(p.decoded)
	switch {
	case len(text) == 0:
		p.shape = "an empty body"
	case mt == "text/html" || text[0] == '<':
		p.shape = "an HTML page instead of JSON" + htmlTitle(text)
	case text[0] == '{' && !json.Valid(text):
		p.shape = fmt.Sprintf("JSON cut short or malformed (%d bytes)", len(raw))
	default:
		var m map[string]json.RawMessage
		if json.Unmarshal(text, &m) != nil || m == nil {
			p.shape = fmt.Sprintf("a body that is not a JSON object (%d bytes)", len(raw))
		}
	}
	return p
}

// looksGB says whether raw decodes cleanly as GB18030 and has some
// multi-byte text: what a GBK answer mislabelled as UTF-8 looks like.
func looksGB(raw []byte) bool {
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	return err == nil && utf8.Valid(dec) && !bytes.ContainsRune(dec, utf8.RuneError) && len(dec) > len(raw)
}

// htmlTitle is ` (title "...")` for a page with a title, else "".
func htmlTitle(page []byte) string {
	low := bytes.ToLower(page)
	i := bytes.Index(low, []byte("<title>"))
	if i < 0 {
		return ""
	}
	rest := page[i+len("<title>"):]
	j := bytes.Index(bytes.ToLower(rest), []byte("</title>"))
	if j < 0 {
		return ""
	}
	// Masked before it is cut (see serverMsg).
	t := httpx.Excerpt(strings.TrimSpace(string(rest[:j])), 60)
	if t == "" {
		return ""
	}
	return fmt.Sprintf(" (title %q)", t)
}
