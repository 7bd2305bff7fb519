package sandbox

import "github.com/insurekit/insure/pkg/registry"

// Fake is this sandbox as the provider registry mounts it.
func Fake() *registry.Sandbox {
	return &registry.Sandbox{
		Credentials: map[string]string{"access-key": TestAccessKey, "secret-key": TestSecretKey,
			"channel-code": TestChannelCode, "product-id": TestProductID},
		New: func(env registry.SandboxEnv) registry.SandboxServer {
			return registry.SandboxServer{Handler: New(Options{State: env.State, Now: env.Now})}
		},
	}
}
