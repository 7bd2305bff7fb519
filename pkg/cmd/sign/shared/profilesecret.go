package shared

import (
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
)

// ProfileSecret reads the secret provider.key from a profile (which
// applies the environment). A value the profile refuses, such as an
// INSURE_EBAO_SECRET_KEY too short to be masked or a keyring that cannot
// be read, is added to bad under the setting's name with the reason, as
// insure api reports it, and refused is true: dropped silently it read as
// "is required: set INSURE_EBAO_SECRET_KEY" to a user who had set it.
func ProfileSecret(p *config.Profile, provider, key, example string, bad *[]failure.FieldError) (value string, refused bool) {
	if p == nil {
		return "", false
	}
	v, _, err := p.Get(provider, key)
	if err != nil {
		*bad = append(*bad, failure.FieldError{Field: provider + "." + key, Rule: err.Error(), Example: example})
		return "", true
	}
	return v, false
}
