package sunshine_test

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// The header table types SessionId as a number: one that is not digits
// (a typo, a name pasted for an id) is refused before anything is sent,
// as the platform (and the sandbox) would refuse it. 050 keeps the
// manual's own SMG0000000.
func TestSessionIdThatIsNotDigitsIsRefused(t *testing.T) {
	c := newPlatform(t).client(t)
	_, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnQuote, SessionID: "abc-DEF"})
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "sessionId: digits only") {
		t.Fatalf("want a usage error naming sessionId: %v", err)
	}
	if _, err := c.Build(sunshine.RequestSpec{Transaction: sunshine.TxnColors, SessionID: "SMG0000000"}); err != nil {
		t.Fatalf("050 with the manual's SessionId: %v", err)
	}
}
