package config

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// Without a D-Bus session (a server, a container, CI) every keyring call
// fails; the error says the keyring cannot be reached and what it needs,
// not only the library's "dbus-launch: executable file not found", which
// reads as if insure were missing a program.
func TestOSKeyringSaysWhenThereIsNoKeyringHere(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the D-Bus Secret Service is Linux's keyring")
	}
	// A session bus that does not exist: the library fails to connect
	// whatever the machine has.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	_, getErr := OSKeyring{}.Get(KeyringService, KeyringUser("prod", "paoding", "password"))
	setErr := OSKeyring{}.Set(KeyringService, KeyringUser("prod", "paoding", "password"), "pw-Zq81-never-shown")
	delErr := OSKeyring{}.Delete(KeyringService, KeyringUser("prod", "paoding", "password"))
	for name, err := range map[string]error{"get": getErr, "set": setErr, "delete": delErr} {
		if !errors.Is(err, ErrKeyringUnavailable) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "the OS keyring cannot be reached: it needs a desktop session's D-Bus with a Secret Service") {
			t.Errorf("%s: %s", name, msg)
		}
		if strings.Contains(msg, "pw-Zq81-never-shown") {
			t.Errorf("%s: the secret shows", name)
		}
	}
}

// A missing entry is not a missing keyring: it keeps its own error.
func TestKeyringErrorKeepsNotFound(t *testing.T) {
	if keyringError(nil) != nil {
		t.Fatal("nil became an error")
	}
	for _, lib := range []error{keyring.ErrNotFound, keyring.ErrSetDataTooBig} {
		if err := keyringError(lib); err != lib {
			t.Errorf("%v became %v", lib, err)
		}
	}
}
