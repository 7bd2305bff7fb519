package bihu

import (
	"strconv"
	"time"

	"github.com/insurekit/insure/pkg/cmd/sign/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	provider "github.com/insurekit/insure/providers/bihu"
	"github.com/spf13/cobra"
)

// NewCmdLogin builds `insure sign bihu login`.
func NewCmdLogin(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, "login")
	cmd := &cobra.Command{
		Use:   "login [--agent-id ID] [--username U] [--timestamp UNIX] [--session-timeout SECONDS] [--verify SECCODE]",
		Short: "Compute the login secCode over agentId, userName, secretKey, timestamp, timeout",
		Long: `Compute the secCode of a Bihu login: the MD5 of
agentId=..&userName=..&secretKey=..&timestamp=..&timeout=.. in that fixed
order (not sorted). Agent id, user name and session timeout default to the
profile's; the timestamp to now. The session timeout is sent in whole
seconds; it may be given as seconds (7200) or as a duration (2h). A
duration with a fraction of a second (1.5s) is refused (exit 2), as the
client refuses it in the profile's bihu.session-timeout.`,
		Example: `  insure -p sandbox sign bihu login --timestamp 1489044754
  insure -p sandbox sign bihu login --timestamp 1489044754 \
    --verify 46008B1AE6A9AAE896529428AFB124F8
  printf %s "$SECRET" | insure sign bihu login --agent-id 102 --username acme \
    --secret-stdin`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shared.GivenEmpty(cmd, "verify"); err != nil {
				return err
			}
			opts.ShowSecrets = f.Globals.ShowSecrets
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.AgentID, "agent-id", "", "Agent id (default: the profile's bihu.agent-id)")
	fl.StringVar(&opts.Username, "username", "", "User name (default: the profile's bihu.username)")
	fl.StringVar(&opts.Timestamp, "timestamp", "", "Unix seconds (default: now)")
	fl.StringVar(&opts.SessionTimeout, "session-timeout", "", "Session length, whole seconds or a duration such as 30m (default: the profile's bihu.session-timeout, else 2h)")
	addCommonFlags(cmd, opts)
	return cmd
}

// Run computes the SecCode of the operation in opts.
func Run(opts *Options) error {
	switch opts.Operation {
	case "renew":
		return runRenew(opts)
	case "signout":
		return runSignOut(opts)
	}
	setting := settings(opts)
	agent, user, ts := opts.AgentID, opts.Username, opts.Timestamp
	if agent == "" {
		agent = setting("agent-id")
	}
	if user == "" {
		user = setting("username")
	}
	if ts == "" {
		ts = strconv.FormatInt(opts.Now().Unix(), 10)
	}
	var bad []failure.FieldError
	if agent == "" {
		bad = append(bad, failure.FieldError{Field: "--agent-id", Rule: "is required (or the profile's bihu.agent-id, or INSURE_BIHU_AGENT_ID)", Example: "--agent-id 102"})
	}
	if user == "" {
		bad = append(bad, failure.FieldError{Field: "--username", Rule: "is required (or the profile's bihu.username, or INSURE_BIHU_USERNAME)", Example: "--username acme"})
	}
	if rule := timestampRule(ts); rule != "" {
		bad = append(bad, failure.FieldError{Field: "--timestamp", Rule: rule, Example: "--timestamp 1489044754"})
	}
	timeout, field, example := opts.SessionTimeout, "--session-timeout", "--session-timeout 30m"
	if timeout == "" {
		timeout, field, example = setting("session-timeout"), settingName(opts, "session-timeout"), "30m"
	}
	seconds := strconv.FormatInt(int64(provider.DefaultSessionTimeout/time.Second), 10)
	if timeout != "" {
		// The rule the client's setting follows too: whole seconds, as
		// sent, so 1.5s is refused rather than signed as 1.
		d, err := registry.ParseDurationOrSeconds(timeout)
		if err != nil {
			bad = append(bad, failure.FieldError{Field: field, Rule: err.Error(), Example: example})
		}
		seconds = strconv.FormatInt(int64(d/time.Second), 10)
	}
	lower, ferr := hexCase(opts, setting)
	if ferr != nil {
		bad = append(bad, *ferr)
	}
	key, err := secret(opts, &bad)
	if err != nil {
		return err
	}
	bad = checkVerify(opts, bad, "46008B1AE6A9AAE896529428AFB124F8")
	if len(bad) > 0 {
		return failure.Invalid(provider.Provider, "sign login", bad...)
	}
	canonical, code := provider.LoginSecCode(agent, user, key, ts, seconds, lower)
	res := Result{Operation: "login", HexCase: hexName(lower), SecCode: code,
		Canonical: provider.MaskCanonical(canonical, key),
		Params:    map[string]string{"agentId": agent, "userName": user, "timestamp": ts, "timeout": seconds}}
	return finish(opts, res, "compare the string hashed above with yours: the order is fixed (agentId, userName, secretKey, timestamp, timeout), the timeout is whole seconds, and the hex case matters to some servers")
}

// settingName names where a profile setting came from: the environment
// variable when it set it (the user typed that, not the file's key).
func settingName(opts *Options, key string) string {
	if p, err := opts.Settings(); err == nil && p != nil {
		if _, src, _ := p.Get(provider.Provider, key); src == "env" {
			return registry.EnvName(provider.Provider, key)
		}
	}
	return provider.Provider + "." + key
}
