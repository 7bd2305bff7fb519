package cmdutil

import (
	"errors"
	neturl "net/url"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/insurekit/insure/internal/shellword"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// Hint is a next-step command that works when pasted: `insure`, the
// global flags that chose this run's profile and config file, then words
// (the first is the command path; the rest are quoted for a POSIX shell
// where needed). A hint that leaves -p out fails
// with "no profile selected" whenever the profile came from -p.
func Hint(f *Factory, words ...string) string {
	parts := append([]string{"insure"}, hintFlags(f)...)
	for i, w := range words {
		if i == 0 { // the command path, "vin-report get"
			parts = append(parts, strings.Fields(w)...)
			continue
		}
		parts = append(parts, ShellQuote(w))
	}
	return strings.Join(parts, " ")
}

// Hinter builds hints for a command's messages; a nil Hinter (a test's
// bare Options) builds them without global flags.
type Hinter func(words ...string) string

// NewHinter binds Hint to f.
func NewHinter(f *Factory) Hinter {
	return func(words ...string) string { return Hint(f, words...) }
}

// Command is h(words...), or the bare command when h is nil.
func (h Hinter) Command(words ...string) string {
	if h == nil {
		return Hint(nil, words...)
	}
	return h(words...)
}

func hintFlags(f *Factory) []string {
	if f == nil || f.Globals == nil {
		return nil
	}
	var out []string
	profile := f.Globals.Profile
	if profile == "" && f.Config != nil {
		// The current profile, named so the hint still works after a
		// `profile use` elsewhere.
		if cfg, err := f.Config(); err == nil {
			profile = cfg.File.CurrentProfile
		}
	}
	if profile != "" {
		out = append(out, "-p", ShellQuote(profile))
	}
	if f.Globals.ConfigPath != "" {
		out = append(out, "--config", ShellQuote(f.Globals.ConfigPath))
	}
	return out
}

// profiled are the commands that run under a profile: a hint naming one
// gets this run's -p and --config. Others (example, help, profile, sign,
// sandbox, ...) are left as written, and so is prose that starts with "insure"
// ("insure writes config.yaml ..."), which was taken for a command.
// A provider's own command group (insure sunshine ...) counts too: see
// takesProfile.
var profiled = map[string]bool{"api": true, "cancel": true, "doctor": true, "find": true, "history": true, "issue": true,
	"quote": true, "renew": true, "token": true, "vin-report": true}

// takesProfile says whether `insure NAME ...` runs under a profile.
func takesProfile(f *Factory, name string) bool {
	if profiled[name] {
		return true
	}
	if f == nil || f.Registry == nil {
		return false
	}
	_, ok := f.Registry.Lookup(name)
	return ok
}

// insureCommand is compiled on first use: most runs print no hint.
var insureCommand = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("(^|`|: )insure ([a-z-]+)") })

// RewriteHints gives every `insure …` command in err's hint (written by a
// provider or a command that cannot know the global flags) this run's
// -p and --config, so it works when pasted.
func RewriteHints(f *Factory, err error) error {
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Hint == "" {
		return err
	}
	sandboxURLHint(f, fe)
	flags := hintFlags(f)
	if len(flags) == 0 {
		return err
	}
	fe.Hint = insureCommand().ReplaceAllStringFunc(fe.Hint, func(m string) string {
		sub := insureCommand().FindStringSubmatch(m)
		if !takesProfile(f, sub[2]) {
			return m
		}
		return sub[1] + "insure " + strings.Join(flags, " ") + " " + sub[2]
	})
	return err
}

// ShellQuote quotes s for a POSIX shell when it needs it, so a printed
// command can be pasted as is (shellword.Quote).
func ShellQuote(s string) string { return shellword.Quote(s) }

// profileEndpoint is how provider packages' hints blame an endpoint.
var profileEndpoint = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`the profile's [a-z]+ endpoint`) })

// sandboxURLHint names INSURE_SANDBOX_URL where a network failure's hint
// blames the profile's endpoint: the sandbox profile's endpoints are then
// that server's, which the profile does not hold, and the usual cause is
// a server that has stopped since the variable was exported (said only
// when no answer came).
func sandboxURLHint(f *Factory, fe *failure.Error) {
	url := os.Getenv("INSURE_SANDBOX_URL")
	if fe.Kind != failure.Network || url == "" || f == nil || f.Globals == nil {
		return
	}
	profile := f.Globals.Profile
	if profile == "" && f.Config != nil {
		if cfg, err := f.Config(); err == nil {
			profile = cfg.File.CurrentProfile
		}
	}
	if !strings.EqualFold(profile, config.SandboxProfile) {
		return
	}
	where := "INSURE_SANDBOX_URL=" + url
	if fe.Provider != "" {
		// The provider's own variable wins over the sandbox's server (as
		// over any profile): the request went there, so that is what to
		// check.
		name := "INSURE_" + strings.ToUpper(fe.Provider) + "_ENDPOINT"
		if v := os.Getenv(name); v != "" {
			url, where = v, name+"="+v
		}
	}
	if u, err := neturl.Parse(url); err == nil {
		// A password in it is never shown.
		where = where[:strings.IndexByte(where, '=')+1] + u.Redacted()
	}
	if fe.Code == "" && !httpx.Slow(fe) && strings.HasPrefix(where, "INSURE_SANDBOX_URL=") {
		// No answer came: the server there has likely stopped. One that
		// answered (a redirect, a 5xx; Code is its status) is running.
		where += " (is insure sandbox serve still running there? start it again, or unset INSURE_SANDBOX_URL for the in-process sandbox)"
	}
	fe.Hint = profileEndpoint().ReplaceAllLiteralString(fe.Hint, where)
}
