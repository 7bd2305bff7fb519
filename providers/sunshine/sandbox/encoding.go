package sandbox

import (
	"regexp"
	"strings"
	"sync"

	"github.com/insurekit/insure/providers/sunshine"
)

// declaredRE finds the encoding an XML declaration names.
var declaredRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']`)
})

// notGBK says why a request is not the GBK document the manual requires
// (its declaration names another encoding, its bytes are not GBK, or its
// text holds characters GBK lacks), or "" when it is. Such a request is
// refused rather than read as garbled text, and no answer echoing its
// text (which GBK could not write) is attempted.
//
// A request that declares no encoding (no declaration, or one without
// encoding=) is refused too: the manual's envelope begins with the GBK
// declaration (3.2), and an XML parser reads an undeclared document as
// UTF-8, so the platform's would not read its Chinese as sent.
func notGBK(body []byte, env *sunshine.Envelope) string {
	m := declaredRE().FindSubmatch(body)
	if m == nil {
		return `报文须为GBK编码，须以<?xml version="1.0" encoding="GBK"?>声明`
	}
	if !gbkLabel(string(m[1])) {
		return "报文须为GBK编码，声明为" + string(m[1])
	}
	// Bytes that are not GBK decode to U+FFFD, and character references
	// may name any character: either way GBK cannot write the text back.
	if _, err := env.Marshal(); err != nil {
		return "报文须为GBK编码，含有GBK无法表示的字符或字节"
	}
	return ""
}

// gbkLabel says whether an encoding label names GBK or a GB encoding
// that reads GBK's bytes the same.
func gbkLabel(label string) bool {
	switch strings.ToUpper(strings.TrimSpace(label)) {
	case "GBK", "GB2312", "GB18030", "CP936":
		return true
	}
	return false
}

// plainHeader keeps the header fields a refusal echoes (RequestType,
// SessionId, SellerId, From) when they are plain ASCII, so the answer to a
// request that is not GBK can still be written in GBK and matched to it.
func plainHeader(h sunshine.Header) sunshine.Header {
	plain := func(v string) string {
		for i := 0; i < len(v); i++ {
			if v[i] >= 0x80 {
				return ""
			}
		}
		return v
	}
	return sunshine.Header{RequestType: plain(h.RequestType), SessionID: plain(h.SessionID), SellerID: plain(h.SellerID), From: plain(h.From), InsureType: plain(h.InsureType)}
}
