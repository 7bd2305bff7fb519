package sandbox

import (
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/sandbox/state"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
	sunshinesb "github.com/insurekit/insure/providers/sunshine/sandbox"
)

// SandboxNotifyURL is the sandbox profile's default paoding notify URL: the
// default address of `insure vin-report listen`.
const SandboxNotifyURL = "http://127.0.0.1:8791/notify"

// providers lists the mounted fakes. A new provider is one entry here and
// its test credentials in Credentials. st is nil when only the layout is
// wanted (EndpointFromURL).
func providers(st state.Store, opts Options) []Provider {
	paoding := Provider{Name: "paoding"}
	ebao := Provider{Name: "ebao"}
	bihu := Provider{Name: "bihu"}
	sunshine := Provider{Name: "sunshine", Path: sunshinesb.Path}
	if st != nil {
		srv := paodingsb.New(paodingsb.Options{State: st, Now: opts.Now})
		paoding.Handler = srv
		if opts.Notify {
			paoding.Background = srv.RunNotifier
		}
		ebao.Handler = ebaosb.New(ebaosb.Options{State: st, Now: opts.Now})
		bihu.Handler = bihusb.New(bihusb.Options{State: st, Now: opts.Now})
		sunshine.Handler = sunshinesb.New(sunshinesb.Options{State: st, Now: opts.Now})
	}
	return []Provider{paoding, ebao, bihu, sunshine}
}

// Credentials are the sandbox profile's settings for every provider, minus
// the endpoints, which depend on where the sandbox listens. They are the
// sandboxes' published test credentials, not secrets of anyone's.
func Credentials() map[string]config.Section {
	return map[string]config.Section{
		"paoding": {"username": paodingsb.TestUsername, "password": paodingsb.TestPassword, "api-version": "1.0", "notify-url": SandboxNotifyURL},
		"ebao": {"access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey,
			"channel-code": ebaosb.TestChannelCode, "product-id": ebaosb.TestProductID},
		"bihu": {"agent-id": bihusb.TestAgentID, "username": bihusb.TestUsername, "secret-key": bihusb.TestSecretKey},
		"sunshine": {"seller-id": sunshinesb.TestSellerID, "agent-code": sunshinesb.TestAgentCode,
			"private-key": sunshinesb.TestPartnerPrivateKeyPEM, "platform-public-key": sunshinesb.TestPlatformPublicKeyPEM},
	}
}
