package config

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/zalando/go-keyring"
)

// OSKeyring is the platform keyring (Secret Service, Keychain, Credential
// Manager).
type OSKeyring struct{}

func (OSKeyring) Get(service, user string) (string, error) {
	s, err := keyring.Get(service, user)
	return s, keyringError(err)
}

func (OSKeyring) Set(service, user, secret string) error {
	return keyringError(keyring.Set(service, user, secret))
}

func (OSKeyring) Delete(service, user string) error {
	return keyringError(keyring.Delete(service, user))
}

// ErrKeyringNotFound is the OS keyring's answer for an entry it does not
// hold.
var ErrKeyringNotFound = keyring.ErrNotFound

// ErrKeyringUnavailable is wrapped by every keyring error that is not
// about the entry itself (not found, too big): the machine has no keyring
// that insure can reach.
var ErrKeyringUnavailable = errors.New("the OS keyring cannot be reached")

// keyringError turns the library's errors about reaching the keyring
// ("exec: \"dbus-launch\": executable file not found in $PATH", a D-Bus
// socket refused) into one that says what is missing; callers add the
// setting and the variable to use instead. The cause is kept, last, for
// whoever debugs the machine.
func keyringError(err error) error {
	if err == nil || errors.Is(err, keyring.ErrNotFound) || errors.Is(err, keyring.ErrSetDataTooBig) {
		return err
	}
	need := "a running keyring service"
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		need = "a desktop session's D-Bus with a Secret Service such as gnome-keyring, KWallet or KeePassXC"
	case "darwin":
		need = "an unlocked login Keychain"
	case "windows":
		need = "the Windows Credential Manager"
	}
	return fmt.Errorf("%w: it needs %s (%v)", ErrKeyringUnavailable, need, err)
}
