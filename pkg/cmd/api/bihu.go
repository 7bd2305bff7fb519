package api

import (
	"encoding/json"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/bihu"
)

var bihuOps = []string{"login", "renewal", "signout"}

// runBihu sends one Bihu operation. renewal takes the document's
// parameters (LicenseNo, CarVin, EngineNo, CityCode) as given, without the
// renew command's checks, so an engineer can see what Bihu itself answers
// (412 included); AgentId, Token and SecCode are added (a given one is
// refused, see bihu.RenewParams), and TimeStamp unless one is given. login
// signs the agentId, userName, timestamp and timeout it is given (see
// loginClient); signout takes nothing: it ends the cached session.
func runBihu(opts *Options) error {
	ctx := opts.Ctx
	known := false
	for _, o := range bihuOps {
		known = known || o == opts.Operation
	}
	if !known {
		return unknownOperation(bihu.Provider, opts.Operation, append([]string{}, bihuOps...))
	}
	if opts.Operation == "signout" && (opts.File != "" || len(opts.Sets) > 0) {
		return &failure.Error{Kind: failure.Usage, Provider: bihu.Provider, Operation: "signout",
			Message: "api bihu signout takes no -f or --set: it signs out the session insure holds for this profile (its token is the one signed); nothing was sent",
			Hint:    "insure token show --provider bihu shows whether a session is held"}
	}
	params, err := readParams(opts, bihu.Provider, opts.Operation)
	if err != nil {
		return err
	}
	var login *loginSpec
	if opts.Operation == "login" {
		if login, err = readLogin(params); err != nil {
			return err
		}
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	c, err := opts.BihuClient()
	if err != nil {
		return err
	}
	switch opts.Operation {
	case "login":
		t, err := login.client(c, opts.Now).Login(ctx)
		if err != nil {
			return err
		}
		shown := "********"
		if opts.ShowSecrets {
			shown = t.Value
		}
		return output.Print(opts.IO.Out, oo, output.Result{Data: map[string]any{"token": shown, "expires_at": t.ExpiresAt}})
	case "signout":
		res, err := c.EndSession(ctx)
		if err != nil {
			return err
		}
		return output.Print(opts.IO.Out, oo, output.Result{Data: signOutView(res)})
	}
	res, err := c.RenewParams(ctx, params)
	if err != nil {
		if res != nil {
			// A 206 comes with its answer.
			return showRefusal(opts, oo, res.Raw, err)
		}
		return err
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: json.RawMessage(res.Raw), Raw: res.Raw})
}

// signOutView says what a sign-out came to. signedOut is true only when
// Bihu accepted one; with no cached session nothing was sent, which is
// not an error (the profile holds no session, as asked: exit 0, as for
// insure token clear) but must not read as a sign-out either.
func signOutView(r bihu.SignOutResult) map[string]any {
	switch r {
	case bihu.SignedOut:
		return map[string]any{"signedOut": true, "sent": true, "outcome": "signed-out",
			"message": "Bihu accepted the sign-out: the session has ended"}
	case bihu.AlreadyEnded:
		return map[string]any{"signedOut": false, "sent": true, "outcome": "already-ended",
			"message": "Bihu had already ended the session (403); the cached token is forgotten"}
	case bihu.OtherScope:
		return map[string]any{"signedOut": false, "sent": false, "outcome": "other-scope",
			"message": "the cached token was opened at another endpoint, agent or user than the profile now names, so it was forgotten without being sent; that session ends on its own when its timeout runs out"}
	}
	return map[string]any{"signedOut": false, "sent": false, "outcome": "no-session",
		"message": "no session was cached for this profile, so nothing was sent to Bihu"}
}
