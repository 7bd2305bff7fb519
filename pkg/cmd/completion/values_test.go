package completion_test

import (
	"slices"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// A value that is not a file offers no file names: --vin, --plate, --jq,
// --timeout, --since, the NAME of profile add, the KEY=VALUE pairs of sign
// bihu renew and the help topics all let the shell offer the current
// folder (directive :0). --input-format offers its two formats. The flags
// that do take a file still offer files, and a folder flag folders.
func TestCompletionOffersFilesOnlyForFiles(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, c := range []struct {
		args []string
		dir  string
		want []string
	}{
		{[]string{"vin-report", "buy", "--vin", ""}, ":4", nil},
		{[]string{"renew", "--plate", ""}, ":4", nil},
		{[]string{"quote", "--owner", ""}, ":4", nil},
		{[]string{"history", "list", "--since", ""}, ":4", nil},
		{[]string{"--jq", ""}, ":4", nil},
		{[]string{"--timeout", ""}, ":4", nil},
		{[]string{"quote", "--input-format", ""}, ":4", []string{"jsonl", "csv"}},
		{[]string{"vin-report", "get", "--input-format", ""}, ":4", []string{"jsonl", "csv"}},
		{[]string{"profile", "add", ""}, ":4", nil},
		{[]string{"profile", "add", "x", "--set", "bihu.city-code="}, ":4", nil},
		{[]string{"sign", "bihu", "renew", ""}, ":4", nil},
		{[]string{"environment", ""}, ":4", nil},
		{[]string{"quote", "-f", ""}, ":0", nil},
		{[]string{"quote", "--batch", ""}, ":0", nil},
		{[]string{"sign", "ebao", "-f", ""}, ":0", nil},
		{[]string{"--config", ""}, ":0", nil},
		{[]string{"--cacert", ""}, ":0", nil},
		{[]string{"sunshine", "keygen", "--dir", ""}, ":16", nil},
	} {
		e.Reset()
		got, dir := complete(t, e, c.args...)
		if dir != c.dir {
			t.Errorf("%v: directive %s, want %s (%v)", c.args, dir, c.dir, got)
		}
		if c.want == nil && len(got) > 0 && c.dir == ":4" {
			t.Errorf("%v: offered %v for a free value", c.args, got)
		}
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: %q not offered: %v", c.args, w, got)
			}
		}
	}
}

// renew --city takes a code or a name: a name being typed completes to
// names (it offered only codes, which never match 北); --open=<TAB> offers
// its pages (it offered files, then nothing).
func TestRenewCityAndOpenComplete(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	got, directive := complete(t, e, "renew", "--city", "北")
	if !slices.Contains(got, "北京") || directive != ":4" {
		t.Errorf("--city 北: %v %s", got, directive)
	}
	e.Reset()
	got, _ = complete(t, e, "renew", "--city", "")
	if len(got) == 0 || got[0] == "" || got[0][0] < '0' || got[0][0] > '9' {
		t.Errorf("--city: %v, want codes", got)
	}
	e.Reset()
	got, directive = complete(t, e, "renew", "--open=")
	if !slices.Contains(got, "--open=renewal") && !slices.Contains(got, "renewal") || directive != ":4" {
		t.Errorf("--open=: %v %s", got, directive)
	}
}
