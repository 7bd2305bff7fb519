package iostreams

import "testing"

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain 宝马 text\twith tab\nand newline":       "plain 宝马 text\twith tab\nand newline",
		"remark\x1b]0;pwned\x07 after":               "remark after",
		"title\x1b]2;pwned\x1b\\ st":                 "title st",
		"clear\x1b[2Jscreen\x1b[H":                   "clearscreen",
		"hide\x1b[8mhidden\x1b[0m":                   "hidehidden",
		"bell\x07 cr\r bs\x08 del\x7f nul\x00":       "bell cr bs del nul",
		"c1 csi\u009b2J and osc\u009d0;x\u009c done": "c1 csi and osc done",
		"nel\u0085 end":                              "nel end",
		"dcs\x1bPq#0;2;0;0;0\x1b\\ end":              "dcs end",
		"charset\x1b(B ok":                           "charset ok",
		"lone esc\x1b":                               "lone esc",
		"unterminated\x1b]0;pwned":                   "unterminated",
		"bad \xff byte":                              "bad \ufffd byte",
		// A right-to-left override or isolate reverses what follows it
		// on the line; the punctuation beside them in the block stays.
		"order \u202eLIVE\u202c \u2067x\u2069 … — ok": "order LIVE x … — ok",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SanitizeKeepColor("\x1b[31merror:\x1b[0m \x1b[1mhint\x1b[22m \x1b[8mx\x1b]0;t\x07"); got != "\x1b[31merror:\x1b[0m \x1b[1mhint\x1b[22m x" {
		t.Errorf("SanitizeKeepColor: %q", got)
	}
}
