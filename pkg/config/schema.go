package config

import "github.com/insurekit/insure/pkg/httpx"

// Field describes one setting of one provider's section in a profile. The
// schema drives `insure configure`, `profile show` masking and the
// INSURE_<PROVIDER>_<FIELD> environment overrides.
type Field struct {
	Provider string
	Key      string // as written in config.yaml, e.g. "secret-key"
	Label    string // what the wizard asks
	Secret   bool   // masked everywhere; may live in the OS keyring
	Default  string
	Example  string
}

// EnvName is the environment variable that overrides the field.
func (f Field) EnvName() string { return EnvName(f.Provider, f.Key) }

// Providers in the order the wizard asks about them.
var Providers = []string{"paoding", "ebao", "bihu", "sunshine"}

// Fields is every known provider setting.
var Fields = []Field{
	{Provider: "paoding", Key: "endpoint", Label: "Paoding API base URL", Example: "http://openapi4s.beitaijf.cn"},
	{Provider: "paoding", Key: "username", Label: "Paoding user name (at most 15 characters)"},
	{Provider: "paoding", Key: "password", Label: "Paoding password", Secret: true},
	{Provider: "paoding", Key: "api-version", Label: "Paoding API version (Api-4s-Version header)", Default: "1.0"},
	{Provider: "paoding", Key: "notify-url", Label: "Default URL Paoding notifies when a report is ready", Example: "https://example.com/paoding/notify"},

	{Provider: "ebao", Key: "endpoint", Label: "eBao Cloud base URL", Example: "https://api.ebaocloud.example"},
	{Provider: "ebao", Key: "access-key", Label: "eBao access key"},
	{Provider: "ebao", Key: "secret-key", Label: "eBao secret key", Secret: true},
	{Provider: "ebao", Key: "channel-code", Label: "eBao channel code", Example: "AXA_TP"},
	{Provider: "ebao", Key: "product-id", Label: "eBao product id", Example: "UbwoOpjMjt:1"},
	{Provider: "ebao", Key: "response-signature-header", Label: "Response header carrying eBao's signature", Default: "signature"},
	{Provider: "ebao", Key: "require-response-signature", Label: "Treat a missing response signature as an error (true/false)", Default: "false"},

	{Provider: "bihu", Key: "endpoint", Label: "Bihu base URL", Example: "http://lzl.91bihu.com"},
	{Provider: "bihu", Key: "agent-id", Label: "Bihu agent id", Example: "102"},
	{Provider: "bihu", Key: "username", Label: "Bihu user name"},
	{Provider: "bihu", Key: "secret-key", Label: "Bihu secret key", Secret: true},
	{Provider: "bihu", Key: "city-code", Label: "Default Bihu city code", Example: "1"},
	{Provider: "bihu", Key: "session-timeout", Label: "Bihu login session length", Default: "2h"},
	{Provider: "bihu", Key: "hex-case", Label: "SecCode hex case (upper/lower)", Default: "upper"},

	{Provider: "sunshine", Key: "endpoint", Label: "Sunshine servlet URL", Example: "http://example.com/InterFaceServlet"},
	{Provider: "sunshine", Key: "seller-id", Label: "Sunshine seller id"},
	{Provider: "sunshine", Key: "agent-code", Label: "Sunshine agent code", Example: "W03210001"},
	{Provider: "sunshine", Key: "insure-type", Label: "Sunshine insure type", Default: "100"},
	{Provider: "sunshine", Key: "private-key", Label: "Path to the partner private key (PEM)", Secret: true},
	{Provider: "sunshine", Key: "platform-public-key", Label: "Path to the platform public key (PEM)"},
}

// FieldsOf returns the schema of one provider.
func FieldsOf(provider string) []Field {
	var out []Field
	for _, f := range Fields {
		if f.Provider == provider {
			out = append(out, f)
		}
	}
	return out
}

// Lookup finds a field by provider and key.
func Lookup(provider, key string) (Field, bool) {
	for _, f := range Fields {
		if f.Provider == provider && f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// IsSecretKey reports whether a key names a secret even when the schema does
// not know it (an unknown key a user added by hand).
func IsSecretKey(provider, key string) bool {
	if f, ok := Lookup(provider, key); ok {
		return f.Secret
	}
	return httpx.IsSecretName(key)
}
