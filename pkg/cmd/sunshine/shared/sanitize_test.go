package shared

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
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

// The values a form shows without asking (labels, disabled controls) are
// the platform's text too: a carriage return or an 8-bit CSI in them must
// not rewrite the terminal.
func TestShownFormValuesCarryNoControlCharacters(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	tag := sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: "label"}, {Name: "key", Value: "note"},
		{Name: "label", Value: "提示\u009b2J"}, {Name: "value", Value: "SAFE\rEVIL\u009b5m"}}}
	a := &TerminalAsker{IO: ios}
	if _, err := a.Ask(t.Context(), purchase.Questions{Form: []sunshine.Tags{{Type: "vehicleInfo", Tags: []sunshine.Tag{tag}}}}); err != nil {
		t.Fatal(err)
	}
	if s := errOut.String(); strings.ContainsAny(s, "\r\u009b") || !strings.Contains(s, "提示") || !strings.Contains(s, "SAFEEVIL") {
		t.Fatalf("shown %q", s)
	}
}
