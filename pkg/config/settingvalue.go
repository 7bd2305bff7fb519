package config

import (
	"strings"

	"github.com/insurekit/insure/pkg/registry"
)

// usedValue is a setting's value as commands use it, from the file, the
// environment or the sandbox's built-in profile. White space around a
// value cannot be meant in an endpoint, an id, a code, a user name, a
// path or a default flag's value: written by hand (endpoint: "
// https://x.example/ ", a space before the closing quote, a YAML block
// scalar's line break) it passed the URL rule, which trims, and failed at
// use with the HTTP client's parse error, or was sent as part of an agent
// id and signed with it. Such a value is used trimmed, as `profile add`
// saves it.
//
// A secret is used as given but for the line endings after it, which are
// dropped as --secret-stdin drops echo's (a YAML block scalar, a
// variable read from a file that ends in one): any other white space
// around a secret, or a line break inside it, stays its usage error
// (checkSecretValue), since a secret could hold a space and we do not
// guess which part is meant. A key setting (a PEM key or its file's
// path) is no credential to mask, and is trimmed. A key the schema does
// not know is left as it is (Problems refuses it).
func usedValue(f registry.Field, known bool, value string) string {
	switch {
	case value == KeyringMarker:
		return value
	case known && f.Secret && !IsKeySetting(f.Key):
		return strings.TrimRight(value, "\r\n")
	case known:
		return strings.TrimSpace(value)
	}
	return value
}

// fieldOf is provider.key's schema field, a provider's or the defaults
// section's, whose values are never secret.
func fieldOf(schema *registry.Registry, provider, key string) (registry.Field, bool) {
	if provider == DefaultsSection {
		for _, f := range defaultsFields {
			if f.Key == key {
				return f, true
			}
		}
		return registry.Field{}, false
	}
	if schema == nil {
		return registry.Field{}, false
	}
	return schema.Field(provider, key)
}

// UsedValue is value, written in the file or the environment for
// section.key, as commands use it (usedValue): what a check of the
// setting, or a display of it, should see.
func (c *Config) UsedValue(section, key, value string) string {
	f, known := c.Field(section, key)
	return usedValue(f, known, value)
}
