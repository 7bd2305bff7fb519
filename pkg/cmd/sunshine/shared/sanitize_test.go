package shared

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/sunshine"
)

// The platform's messages and option labels reach the terminal as text.
func TestPlatformTextCarriesNoControlSequences(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	StderrProgress{IO: ios}.Note("投保成功\x1b]0;pwned\x07\x1b[2J")
	if s := errOut.String(); strings.ContainsAny(s, "\x1b\x07") || !strings.Contains(s, "投保成功") {
		t.Fatalf("note %q", s)
	}
	if s := OptionText(sunshine.Option{Label: "商业险\x1b[2J", Value: "1\x1b]0;x\x07"}); s != "商业险 = 1" {
		t.Fatalf("option %q", s)
	}
}
