package api

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// An unknown provider or operation is exit 2, nothing sent, and the hint
// names what was most likely meant: a guided command's word (quote), a
// prefix (renew), a case (Brand.List), a typo (paodin), or a Sunshine
// transaction's name (issue).
func TestUnknownProviderOrOperationSuggestsTheNearest(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"paodin", "brand.list"}, "did you mean paoding?"},
		{[]string{"ebao", "quote"}, "did you mean quotation?"},
		{[]string{"ebao", "cancel"}, "did you mean cancellation?"},
		{[]string{"bihu", "renew"}, "did you mean renewal?"},
		{[]string{"paoding", "Brand.List"}, "did you mean brand.list?"},
		{[]string{"paoding", "buy"}, "did you mean report.buy?"},
		{[]string{"sunshine", "issue"}, "did you mean 130?"},
		{[]string{"sunshine", "x"}, "one of 050 095 100 105 110 115 120 125 126 127 130 135"},
	} {
		e.Reset()
		err := run(e, c.args...)
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
			t.Errorf("%v: exit %d, sent %v: %v", c.args, cmdutil.ExitCode(err), e.ReceivedPaths(), err)
			continue
		}
		var fe *failure.Error
		if !errors.As(err, &fe) || !strings.Contains(fe.Hint, c.want) {
			t.Errorf("%v: %v: hint lacks %q", c.args, err, c.want)
		}
	}
}
