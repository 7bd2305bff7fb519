package bihu

import (
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	provider "github.com/insurekit/insure/providers/bihu"
)

// docTokenExample is the session token of Bihu's renewal example, the one
// the README and docs/providers/bihu.md sign over: no live session.
const docTokenExample = "4773EEC3EE9B572851C11DF730DCE827"

// cachedToken is the session token renew and signout sign when none is
// given: the profile's cached Bihu session, read from the local token
// cache as `insure token show --provider bihu` reads it. sign is offline,
// so it never logs in for one: with none cached, a field error naming
// field (Token or --token) says how to get one or to pass placeholder
// (Token=TOKEN), and "" is returned. A real token typed on the command
// line is visible to other users in ps, which is why the cache comes
// first.
func cachedToken(opts *Options, field, placeholder, example string, bad *[]failure.FieldError) string {
	profile, where := "PROFILE", ""
	if opts.TokenCache != nil {
		cache, name, err := opts.TokenCache(provider.Provider)
		if err == nil {
			profile, where = name, " for profile "+name
			tok, lerr := cache.Load(opts.Ctx) // cobra's: never nil under a command
			if lerr == nil && tok != nil && tok.Value != "" {
				cs := opts.IO.ErrColorScheme()
				if !tok.Valid(opts.Now(), 0) {
					// Still signed: the SecCode is what was asked for, but
					// no request carrying it would be accepted.
					fmt.Fprintf(opts.IO.ErrOut, "%s the cached bihu session token of profile %s expired at %s, so Bihu refuses it: get a fresh one with `%s`\n",
						cs.WarningIcon(), profile, output.Time(tok.ExpiresAt), tokenGetCommand(profile))
				} else if opts.IO.IsStderrTTY() {
					fmt.Fprintf(opts.IO.ErrOut, "%s: the cached session token of profile %s\n", field, profile)
				}
				return tok.Value
			}
			if lerr != nil {
				where += " (the token cache cannot be read: " + lerr.Error() + ")"
			}
		} else {
			where = " (" + messageOf(err) + ")"
		}
	}
	*bad = append(*bad, failure.FieldError{Field: field,
		Rule: fmt.Sprintf("is required, and no bihu session token is cached%s: get one with `%s` (sign itself never logs in), "+
			"or pass one as %s (visible to other users in ps while the command runs, so fit for a token that is not live, such as the document's example)",
			where, tokenGetCommand(profile), placeholder),
		Example: example})
	return ""
}

func tokenGetCommand(profile string) string {
	return "insure -p " + profile + " token get --provider " + provider.Provider
}

// messageOf is what went wrong, without the field list and hint a
// failure.Error carries: why the profile's cache could not be opened (no
// profile selected, or none of that name).
func messageOf(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Message != "" {
		return fe.Message
	}
	return err.Error()
}

// warnTokenGiven warns that a session token typed on the command line
// (field: Token= or --token) shows in ps and the shell's history, as docker
// login warns of --password, unless it is a stand-in that is no secret:
// the document's example, the dry run's, or a placeholder.
func warnTokenGiven(opts *Options, field, token string) {
	switch token {
	case "", docTokenExample, provider.DryRunToken, "TOKEN":
		return
	}
	fmt.Fprintf(opts.IO.ErrOut, "warning: a session token given as %s shows in ps and the shell's history while it is live; leave it out to sign the profile's cached one\n", field)
}
