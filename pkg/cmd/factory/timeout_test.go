package factory

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

// bihu.session-timeout is sent in whole seconds: 1.5s from the environment
// or the config file is a usage error with the rule and an example, not a
// login asking for 1 second.
func TestFractionalBihuSessionTimeoutIsRefused(t *testing.T) {
	t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", "1.5s")
	f, _ := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	_, _, err := f.Bihu()
	for _, want := range []string{"bihu.session-timeout", "whole seconds", `"1.5s"`, "30m or 1800s", "INSURE_BIHU_SESSION_TIMEOUT"} {
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), want) {
			t.Fatalf("environment: want %q: exit %d: %v", want, cmdutil.ExitCode(err), err)
		}
	}

	t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", "")
	f, _ = testFactory(t, "current-profile: p\nprofiles:\n  p:\n    bihu: {endpoint: 'http://bihu.example', agent-id: '102', username: u, secret-key: s3cret-key, session-timeout: 1500ms}\n", false)
	_, _, err = f.Bihu()
	for _, want := range []string{"bihu.session-timeout", "whole seconds", `"1500ms"`} {
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), want) {
			t.Fatalf("config file: want %q: exit %d: %v", want, cmdutil.ExitCode(err), err)
		}
	}
}
