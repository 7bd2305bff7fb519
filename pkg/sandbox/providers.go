package sandbox

import (
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/sandbox/state"
)

// providers lists the mounted fakes. A new provider is one entry here and
// its test credentials in Credentials. st is nil when only the layout is
// wanted (EndpointFromURL).
func providers(st state.Store, opts Options) []Provider {
	return nil
}

// Credentials are the sandbox profile's settings for every provider, minus
// the endpoints, which depend on where the sandbox listens.
func Credentials() map[string]config.Section {
	return map[string]config.Section{}
}
