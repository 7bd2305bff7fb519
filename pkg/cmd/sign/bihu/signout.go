package bihu

import (
	"github.com/insurekit/insure/pkg/cmd/sign/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	provider "github.com/insurekit/insure/providers/bihu"
	"github.com/spf13/cobra"
)

// NewCmdSignOut builds `insure sign bihu signout`.
func NewCmdSignOut(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, "signout")
	cmd := &cobra.Command{
		Use:   "signout [--token TOKEN] [--agent-id ID] [--verify SECCODE]",
		Short: "Compute the sign-out secCode over agentId, secretKey, token",
		Long: `Compute the secCode of a Bihu sign-out (unite/SignOut): the MD5 of
agentId=..&secretKey=..&token=.. in that fixed order (not sorted). The
token is the one the login answered: by default the profile's cached
session token, the one insure token get --provider bihu caches (sign reads
the cache only: it never logs in or sends anything); with no --token and
none cached it exits 2. A real token given as --token is visible to other
users in ps while the command runs: leave it out, or give only a token
that is not live, such as the document's example. The agent id defaults
to the profile's.

The token is shown masked unless --show-secrets is given; the
DRY-RUN-TOKEN stand-in of a dry run is shown as is.`,
		Example: `  insure -p sandbox token get --provider bihu
  insure -p sandbox sign bihu signout
  insure -p sandbox sign bihu signout --token 4773EEC3EE9B572851C11DF730DCE827
  insure -p sandbox sign bihu signout --token 4773EEC3EE9B572851C11DF730DCE827 \
    --verify 10BFA21781F812E11392A72F46CF93EC`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shared.GivenEmpty(cmd, "verify"); err != nil {
				return err
			}
			opts.Ctx = cmd.Context()
			opts.ShowSecrets = f.Globals.ShowSecrets
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.AgentID, "agent-id", "", "Agent id (default: the profile's bihu.agent-id)")
	fl.StringVar(&opts.Token, "token", "", "The session token being ended (default: the profile's cached one; a token given here shows in ps)")
	addCommonFlags(cmd, opts)
	return cmd
}

func runSignOut(opts *Options) error {
	setting := settings(opts)
	agent := opts.AgentID
	if agent == "" {
		agent = setting("agent-id")
	}
	var bad []failure.FieldError
	if agent == "" {
		bad = append(bad, failure.FieldError{Field: "--agent-id", Rule: "is required (or the profile's bihu.agent-id, or INSURE_BIHU_AGENT_ID)", Example: "--agent-id 102"})
	}
	token := opts.Token
	warnTokenGiven(opts, "--token", token)
	if token == "" {
		token = cachedToken(opts, "--token", "--token TOKEN", "--token "+docTokenExample, &bad)
	}
	lower, ferr := hexCase(opts, setting)
	if ferr != nil {
		bad = append(bad, *ferr)
	}
	key, err := secret(opts, &bad)
	if err != nil {
		return err
	}
	bad = checkVerify(opts, bad, "10BFA21781F812E11392A72F46CF93EC")
	if len(bad) > 0 {
		return failure.Invalid(provider.Provider, "sign signout", bad...)
	}
	canonical, code := provider.SignOutSecCode(agent, key, token, lower)
	canonical = provider.MaskCanonical(canonical, key)
	shown := token
	// A live session token is a secret like the key; the dry run's
	// stand-in is not.
	if shown != provider.DryRunToken && !opts.ShowSecrets {
		shown = provider.Mask
		canonical = canonical[:len(canonical)-len(token)] + provider.Mask
	}
	res := Result{Operation: "signout", HexCase: hexName(lower), SecCode: code, Canonical: canonical,
		Params: map[string]string{"agentId": agent, "token": shown}}
	return finish(opts, res, "compare the string hashed above with yours: the order is fixed (agentId, secretKey, token), the token exactly as the login answered it, and the hex case matters to some servers")
}
