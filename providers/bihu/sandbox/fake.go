package sandbox

import "github.com/insurekit/insure/pkg/registry"

// Fake is this sandbox as the provider registry mounts it.
func Fake() *registry.Sandbox {
	return &registry.Sandbox{
		Credentials: map[string]string{"agent-id": TestAgentID, "username": TestUsername, "secret-key": TestSecretKey},
		New: func(env registry.SandboxEnv) registry.SandboxServer {
			return registry.SandboxServer{Handler: New(Options{State: env.State, Now: env.Now})}
		},
	}
}
