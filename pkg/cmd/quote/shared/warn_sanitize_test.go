package shared

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
)

// A warning quotes the answer's header names: the server's text, shown
// without its control sequences.
func TestWarningsCarryNoControlSequences(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	Warn(ios, "quotation", []string{"the answer carries no \"signature\" header (it has \"X-Sig\x1b]0;pwned\x07\x1b[2J\")"})
	if s := errOut.String(); strings.ContainsAny(s, "\x1b\x07") || !strings.Contains(s, "X-Sig") {
		t.Fatalf("%q", s)
	}
}
