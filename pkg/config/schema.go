package config

import (
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/registry"
)

// The provider settings' schema lives in the provider registry (each
// provider's descriptor); Config.Schema points at it.

// Providers lists the providers the schema knows, in the wizard's order.
func (c *Config) Providers() []string {
	if c.Schema == nil {
		return nil
	}
	return c.Schema.Names()
}

// Field finds one provider setting in the schema.
func (c *Config) Field(provider, key string) (registry.Field, bool) {
	if c.Schema == nil {
		return registry.Field{}, false
	}
	return c.Schema.Field(provider, key)
}

// IsSecretKey reports whether provider.key holds a secret: by the schema,
// or, for a key the schema does not know, by the one list of secret names
// the wire log masks.
func (c *Config) IsSecretKey(provider, key string) bool {
	if f, ok := c.Field(provider, key); ok {
		return f.Secret
	}
	return httpx.IsSecretName(key)
}
