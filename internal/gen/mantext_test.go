package gen

import (
	"strings"
	"testing"
)

// cobra hands the usage line and the long text to a Markdown renderer:
// <command> was taken for an HTML tag and dropped, "[a] (b)" for a link,
// and _X_ for emphasis, so `man insure` read "insure   [flags]".
func TestManPagesKeepTheTextMarkdownWouldEat(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string][]string{
		"docs/man/insure.1":               {"insure <command> <subcommand> [flags]"},
		"docs/man/insure-history.1":       {"insure history <command> [flags]"},
		"docs/man/insure-renew.1":         {"insure renew [\\-\\-provider bihu] (\\-\\-plate PLATE"},
		"docs/man/insure-sign-sunshine.1": {"Sign the <Request> of", "checks the <Sign> of"},
		"docs/man/insure-profile.1":       {"in $XDG_CONFIG_HOME/insure/config.yaml (mode 0600)", "environment as INSURE_<PROVIDER>_<FIELD>"},
	} {
		got := string(files[page])
		if got == "" {
			t.Fatalf("%s not generated", page)
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
}
