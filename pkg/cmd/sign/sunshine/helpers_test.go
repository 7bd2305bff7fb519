package sunshine

import provider "github.com/insurekit/insure/providers/sunshine"

var (
	sunshineReadPrivate  = provider.ReadPrivateKey
	sunshineToGBK        = provider.ToGBK
	sunshineSignDocument = provider.SignDocument
)
