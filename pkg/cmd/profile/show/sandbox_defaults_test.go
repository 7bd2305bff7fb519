package show

import (
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// The sandbox's defaults are the one part of it read from the config
// file: profile show gives them source "file" (it said "sandbox"), while
// its built-in credentials stay "sandbox".
func TestShowOfTheSandboxSaysItsDefaultsComeFromTheFile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e, "profiles:\n  sandbox:\n    defaults: {timeout: 45s}\n")
	s := showJSON(t, e, "sandbox")
	if out, ok := s.get("defaults", "timeout"); !ok || out.Value != "45s" || out.Source != "file" {
		t.Errorf("defaults.timeout: %+v", out)
	}
	if u, _ := s.get("bihu", "username"); u.Source != "sandbox" {
		t.Errorf("bihu.username: %+v", u)
	}
}
