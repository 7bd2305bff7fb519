package sunshine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// A profile with its own partner key and a platform key that does not
// match (what `insure doctor` meets with a key made by keygen): the
// answer fails its own check, but what it says, unverified, is that the
// request's signature was refused. The hint (doctor's fix line) names
// private-key and seller-id, not only platform-public-key.
func TestUnverifiedSignatureRefusalPointsAtThePrivateKey(t *testing.T) {
	p := newPlatform(t)
	partner, platformKeys := keys(t)
	c := p.client(t, func(c *sunshine.Config) { c.PrivateKey, c.PlatformPublicKey = platformKeys.priv, partner.pub })
	_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: sunshine.TxnColors})
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Verification || !strings.Contains(fe.Message, "签名") {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(fe.Hint, "private-key") || !strings.Contains(fe.Hint, "seller-id") || !strings.Contains(fe.Hint, "platform-public-key") {
		t.Errorf("hint %q", fe.Hint)
	}
}
