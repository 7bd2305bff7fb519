package api

import (
	"bufio"
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// -o raw in a pipe is the provider's body byte for byte: nothing, not
// even a final newline, is added. eBao signs the exact bytes, so the
// answer saved with `api ebao quotation -o raw > answer.json` must still
// verify against its signature header (`insure sign ebao --response`).
func TestRawAnswerInPipeIsExactBytes(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output, e.F.Globals.Verbose = "raw", true
	if err := run(e, "ebao", "quotation", "-f", examplesDir+"ebao/quote.json"); err != nil {
		t.Fatal(err)
	}
	header := ""
	sc := bufio.NewScanner(strings.NewReader(e.ErrOut.String()))
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "< "), ":"); ok && strings.EqualFold(k, "signature") {
			header = strings.TrimSpace(v)
		}
	}
	if header == "" {
		t.Fatalf("no signature header in the wire log: %s", e.ErrOut)
	}
	sum := md5.Sum(append(e.Out.Bytes(), ebaosb.TestSecretKey...))
	if got := hex.EncodeToString(sum[:]); got != header {
		t.Fatalf("stdout %q does not match the answer's signature %s (md5 %s)", e.Out, header, got)
	}

}
