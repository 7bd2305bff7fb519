package add

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
)

// keyringProbeUser is the entry probeKeyring writes and deletes.
const keyringProbeUser = "insure.keyring-check"

// probeKeyring checks that the OS keyring takes a secret, by storing and
// deleting a placeholder.
func probeKeyring(kr config.Keyring) error {
	if err := kr.Set(config.KeyringService, keyringProbeUser, "check"); err != nil {
		return err
	}
	_ = kr.Delete(config.KeyringService, keyringProbeUser)
	return nil
}

// keyringError is the usage error for a keyring that cannot store the
// secret setting (provider.key; empty when checked before asking). No
// keyring here (a server without a desktop session, a container) is the
// common case: another place for the secret is the answer, not a bug
// report.
func keyringError(profile, setting string, err error) *failure.Error {
	what, env := "secrets", "INSURE_<PROVIDER>_<FIELD>"
	if setting != "" {
		prov, key, _ := strings.Cut(setting, ".")
		what, env = setting, config.EnvName(prov, key)
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("storing %s in the OS keyring: %v; the config file was not changed", what, err),
		Hint: fmt.Sprintf("drop --keyring to keep the secret in the 0600 config file, or leave it out of profile %s and set %s in the environment",
			profile, env)}
}
