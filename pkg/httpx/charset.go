package httpx

import (
	"bytes"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// displayBody turns a body into text a UTF-8 terminal and the journal can
// show. Sunshine speaks GBK: shown as is it would be mojibake, and masking
// (which matches UTF-8 strings) would miss secrets inside it.
func displayBody(contentType string, body []byte) []byte {
	if !declaresGBK(contentType, body) {
		return body
	}
	out, err := simplifiedchinese.GBK.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}

func declaresGBK(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "gbk") || strings.Contains(ct, "gb2312") || strings.Contains(ct, "gb18030") {
		return true
	}
	head := body
	if len(head) > 100 {
		head = head[:100]
	}
	h := bytes.ToLower(head)
	return bytes.Contains(h, []byte(`encoding="gbk"`)) || bytes.Contains(h, []byte(`encoding="gb2312"`)) || bytes.Contains(h, []byte(`encoding='gbk'`))
}

// SentBody is the inverse of displayBody, for a body recorded as shown:
// a body whose Content-Type or XML declaration says GBK was recorded
// decoded to UTF-8 and is encoded back to the GBK bytes that were sent
// (and signed). Anything else, or text GBK cannot carry, is returned as
// it is.
func SentBody(contentType string, shown []byte) []byte {
	if !declaresGBK(contentType, shown) {
		return shown
	}
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(shown)
	if err != nil {
		return shown
	}
	return out
}
