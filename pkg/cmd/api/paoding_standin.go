package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/paoding"
)

// noteStandInToken says on stderr, after --dry-run or --curl printed a
// Paoding call whose token was not at hand, that the call's
// Authorization-Token is the DRY-RUN-TOKEN stand-in: pasted as printed,
// the call is refused with 10030 and nothing says why. stdout is left as
// it is, so the requests can still be piped or pasted.
//
// The client then answers with the dry run of the token request it
// printed first (token.generate, or token.refresh of a token about to
// expire) instead of the call's own; with a usable cached token the call's
// own request is the answer and there is nothing to say.
func noteStandInToken(opts *Options, err error) {
	var dry *httpx.DryRunError
	if !opts.DryRun || !errors.As(err, &dry) {
		return
	}
	tokenOp := ""
	switch {
	case strings.Contains(dry.Shown, paoding.PathTokenGenerate):
		tokenOp = paoding.OpTokenGenerate
	case strings.Contains(dry.Shown, paoding.PathTokenRefresh):
		tokenOp = paoding.OpTokenRefresh
	default:
		return
	}
	shown := ""
	if !opts.ShowSecrets {
		shown = " (printed as ****; --show-secrets prints the requests whole)"
	}
	getToken := "insure token get --provider paoding"
	if opts.Profile != "" {
		getToken = "insure -p " + opts.Profile + " token get --provider paoding"
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s the Authorization-Token of the %s request is a stand-in, %s%s, not a token: no usable paoding token is cached, so the %s request before it would get one. "+
		"To send them by hand, put the token that %s answers (data.authorizationToken) in its place; or run `%s` first, and the call is printed with the cached token.\n",
		opts.IO.ErrColorScheme().WarningIcon(), opts.Operation, paoding.DryRunToken, shown, tokenOp, tokenOp, getToken)
}
