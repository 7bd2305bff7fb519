package sunshine

import (
	"errors"

	"github.com/insurekit/insure/pkg/failure"
	provider "github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

var (
	sunshineReadPrivate  = provider.ReadPrivateKey
	sunshineToGBK        = provider.ToGBK
	sunshineSignDocument = provider.SignDocument
)

// sandboxPartnerKey is the sandbox profile's TEST private key.
const sandboxPartnerKey = sandbox.TestPartnerPrivateKeyPEM

func hint(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.Hint
	}
	return ""
}
