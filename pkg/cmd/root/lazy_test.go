package root

import (
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
)

// topLevel's names and aliases are what routing trusts before anything
// is built: they must be the built commands' own.
func TestTopLevelNames(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	built := commands(e.F)
	for i, c := range topLevel {
		if built[i].Name() != c.name || !slices.Equal(built[i].Aliases, c.aliases) {
			t.Errorf("topLevel[%d] says %q %v, the command is %q %v", i, c.name, c.aliases, built[i].Name(), built[i].Aliases)
		}
	}
}

var routingCases = [][]string{
	{}, {"version"}, {"version", "--help"}, {"--version"}, {"-v", "version"},
	{"sign", "paoding"}, {"sign", "paoding", "--help"}, {"sign"}, {"sign", "nope"},
	{"-p", "sandbox", "quote", "--provider", "ebao"}, {"-p", "sandbox", "sandbox", "serve"}, {"-psandbox", "token", "get"},
	{"--profile", "sandbox", "vin-report", "brands"}, {"--profile=sandbox", "history", "list"},
	{"-o", "json", "profile", "list"}, {"-o=json", "profile", "list"}, {"-vp", "sandbox", "quote"},
	{"--timeout", "5s", "renew"}, {"--dry-run", "issue"}, {"--yes", "cancel", "P1"}, {"--no-such-flag", "quote"},
	{"-p"}, {"--profile"}, {"-p", "quote"}, {"--", "quote"}, {"help"}, {"help", "quote"}, {"completion", "bash"},
	{"__complete", "qu"}, {"environment"}, {"exit-codes"}, {"bogus"}, {"quot"}, {"QUOTE"}, {"sunshine", "deliver", "--help"},
	{"api", "ebao", "quote"}, {"example", "ebao", "quote"}, {"find", "O-1"}, {"doctor"}, {"configure"}, {"vin-report", "listen"},
}

// The partial tree sends every argument list where the whole tree does.
func TestNewCmdRootForRoutesAsWholeTree(t *testing.T) {
	for _, args := range routingCases {
		whole := NewCmdRoot(cmdtest.New(t, cmdtest.Options{}).F)
		part := NewCmdRootFor(cmdtest.New(t, cmdtest.Options{}).F, args)
		wc, wa, werr := whole.Find(args)
		pc, pa, perr := part.Find(args)
		if wc.CommandPath() != pc.CommandPath() || !slices.Equal(wa, pa) || (werr == nil) != (perr == nil) {
			t.Errorf("%q: whole tree finds %q %q (%v), partial %q %q (%v)", args, wc.CommandPath(), wa, werr, pc.CommandPath(), pa, perr)
		}
	}
}

// A command named after global flags, with or without values, builds
// only itself; `insure version` builds none of the provider commands.
func TestNewCmdRootForBuildsOnlyTheCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, ""}, {[]string{"-v", "version"}, ""}, {[]string{"--no-color", "version", "--help"}, ""},
		{[]string{"sign", "paoding"}, "sign"}, {[]string{"-p", "sandbox", "quote", "--provider", "ebao"}, "quote"},
		{[]string{"--dry-run", "-o", "json", "issue"}, "issue"}, {[]string{"-vp", "sandbox", "sandbox", "serve"}, "sandbox"},
		{[]string{"--timeout=5s", "--yes", "cancel", "P1"}, "cancel"},
	} {
		cmd := NewCmdRootFor(cmdtest.New(t, cmdtest.Options{}).F, tc.args)
		var built []string
		for _, c := range cmd.Commands() {
			for _, tl := range topLevel {
				if c.Name() == tl.name {
					built = append(built, c.Name())
				}
			}
		}
		if want := []string{tc.want}; tc.want == "" && len(built) != 0 || tc.want != "" && !slices.Equal(built, want) {
			t.Errorf("%q built %v, want only %q", tc.args, built, tc.want)
		}
	}
}

// What a command prints and returns is the same whichever tree runs it.
func TestNewCmdRootForRunsAsWholeTree(t *testing.T) {
	for _, args := range [][]string{
		{"version"}, {"version", "--help"}, {"sign", "paoding", "--help"}, {"sign", "--help"}, {"quote", "--help"},
		{"-p", "sandbox", "history", "list", "--help"}, {"sign", "bogus"}, {"quote", "--nope"}, {"sunshine"},
		{"-p", "sandbox", "example", "ebao", "quote"}, {"-o", "json", "profile", "list"}, {"renew", "--help"},
	} {
		run := func(partial bool) (string, string, string) {
			e := cmdtest.New(t, cmdtest.Options{})
			cmd := NewCmdRoot(e.F)
			if partial {
				cmd = NewCmdRootFor(e.F, args)
			}
			cmd.SetArgs(args)
			cmd.SetOut(e.Out)
			cmd.SetErr(e.ErrOut)
			err := cmd.Execute()
			return e.Out.String(), e.ErrOut.String(), strings.TrimSpace(fmtErr(err))
		}
		wo, we, werr := run(false)
		po, pe, perr := run(true)
		if wo != po || we != pe || werr != perr {
			t.Errorf("%q:\nwhole tree: %q %q %q\npartial:    %q %q %q", args, wo, we, werr, po, pe, perr)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
