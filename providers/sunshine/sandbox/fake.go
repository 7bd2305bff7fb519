package sandbox

import "github.com/insurekit/insure/pkg/registry"

// Fake is this sandbox as the provider registry mounts it.
func Fake() *registry.Sandbox {
	return &registry.Sandbox{
		Path: Path,
		Credentials: map[string]string{"seller-id": TestSellerID, "agent-code": TestAgentCode,
			"private-key": TestPartnerPrivateKeyPEM, "platform-public-key": TestPlatformPublicKeyPEM,
			"spsource": TestSpSource, "netcampaignno": TestNetCampaignNo, "partner-id": TestPartnerID, "item-id": TestItemID},
		New: func(env registry.SandboxEnv) registry.SandboxServer {
			return registry.SandboxServer{Handler: New(Options{State: env.State, Now: env.Now})}
		},
	}
}
