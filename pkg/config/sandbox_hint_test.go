package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

// Provider settings written by hand under the built-in sandbox profile are
// refused; the hint sent the user to insure profile add sandbox, which is
// always refused. It says what works: only defaults under sandbox in the
// file, or a profile of one's own.
func TestSandboxProviderSettingsInTheFileGetAHintThatCanWork(t *testing.T) {
	path := writeConfig(t, "profiles:\n  sandbox:\n    paoding: {endpoint: \"http://evil.example\"}\n")
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Profile("sandbox", nil)
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage {
		t.Fatalf("%v", err)
	}
	if strings.Contains(fe.Hint, "profile add sandbox") || !strings.Contains(fe.Hint, "defaults") ||
		!strings.Contains(fe.Hint, "insure profile add NAME") || !strings.Contains(fe.Hint, path) {
		t.Fatalf("hint: %s", fe.Hint)
	}
}
