package sandbox

import (
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/providers/paoding"
)

// DefaultNotifyURL is the sandbox profile's default notify URL: the
// default address of `insure vin-report listen`.
const DefaultNotifyURL = "http://127.0.0.1:8791/notify"

// Fake is this sandbox as the provider registry mounts it.
func Fake() *registry.Sandbox {
	return &registry.Sandbox{
		Credentials: map[string]string{"username": TestUsername, "password": TestPassword,
			"api-version": paoding.DefaultAPIVersion, "notify-url": DefaultNotifyURL},
		New: func(env registry.SandboxEnv) registry.SandboxServer {
			srv := New(Options{State: env.State, Now: env.Now})
			out := registry.SandboxServer{Handler: srv, Code: srv.CodeAnswer}
			if env.LongLived {
				out.Background = srv.RunNotifier
			}
			return out
		},
	}
}
