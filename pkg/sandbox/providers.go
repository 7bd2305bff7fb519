package sandbox

import (
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/sandbox/state"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
)

// SandboxNotifyURL is the sandbox profile's default paoding notify URL: the
// default address of `insure vin-report listen`.
const SandboxNotifyURL = "http://127.0.0.1:8791/notify"

// providers lists the mounted fakes. A new provider is one entry here and
// its test credentials in Credentials. st is nil when only the layout is
// wanted (EndpointFromURL).
func providers(st state.Store, opts Options) []Provider {
	paoding := Provider{Name: "paoding"}
	if st != nil {
		srv := paodingsb.New(paodingsb.Options{State: st, Now: opts.Now})
		paoding.Handler = srv
		if opts.Notify {
			paoding.Background = srv.RunNotifier
		}
	}
	return []Provider{paoding}
}

// Credentials are the sandbox profile's settings for every provider, minus
// the endpoints, which depend on where the sandbox listens.
func Credentials() map[string]config.Section {
	return map[string]config.Section{
		"paoding": {"username": paodingsb.TestUsername, "password": paodingsb.TestPassword, "api-version": "1.0", "notify-url": SandboxNotifyURL},
	}
}
