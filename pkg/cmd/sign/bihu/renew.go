package bihu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/cmd/sign/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	provider "github.com/insurekit/insure/providers/bihu"
	"github.com/spf13/cobra"
)

// renewalKeys are the parameters a renewal sends besides SecCode, in the
// spelling the client signs and the server binds.
var renewalKeys = []string{provider.ParamLicenseNo, provider.ParamCarVin, provider.ParamEngineNo,
	provider.ParamCityCode, provider.ParamAgentID, provider.ParamToken, provider.ParamTimeStamp}

// NewCmdRenew builds `insure sign bihu renew`.
func NewCmdRenew(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, "renew")
	cmd := &cobra.Command{
		Use:   "renew KEY=VALUE... [--verify SECCODE]",
		Short: "Compute the renewal SecCode over the sorted parameters and the secret key",
		Long: `Compute the SecCode of a Bihu renewal from the parameters it sends, given
as KEY=VALUE: LicenseNo, or CarVin and EngineNo; CityCode; and optionally
Token, AgentId and TimeStamp. AgentId defaults to the profile's and
TimeStamp to now; pass TimeStamp=UNIX to reproduce a given request, such
as the one insure renew --dry-run shows (its stderr prints the exact
command).

Token defaults to the profile's cached session token, the one insure
token get --provider bihu caches (sign reads the cache only: it never logs
in or sends anything); with none given and none cached it exits 2. A real
token typed as Token=... is visible to other users in ps while the
command runs: leave it out, or give only a token that is not live, such
as the document's example or the DRY-RUN-TOKEN stand-in.

Keys are matched without regard to case and signed in the spelling Bihu
binds (licenseno becomes LicenseNo). Values are signed exactly as given:
the city is its code (1, not 北京) and the plate upper-case, as insure renew
sends them. Empty values are left out, as they are not sent. SecCode and
secretKey are not parameters: use --verify and --secret-stdin.

A session token is shown masked unless --show-secrets is given; the
DRY-RUN-TOKEN stand-in of a dry run is shown as is.`,
		Example: `  insure -p sandbox token get --provider bihu
  insure -p sandbox sign bihu renew LicenseNo=京J97896 CityCode=1
  insure -p sandbox sign bihu renew LicenseNo=京J97896 CityCode=1 \
    Token=4773EEC3EE9B572851C11DF730DCE827 TimeStamp=1489044754
  insure -p sandbox sign bihu renew CarVin=LS4ASE2A2GJ137027 EngineNo=2192209 \
    CityCode=1 TimeStamp=1489044754 Token=DRY-RUN-TOKEN
  insure -p sandbox sign bihu renew LicenseNo=京J97896 CityCode=1 \
    Token=4773EEC3EE9B572851C11DF730DCE827 TimeStamp=1489044754 \
    --verify 80CF69548DB7815D8925714377AF0846`,
		Args: cmdutil.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shared.GivenEmpty(cmd, "verify"); err != nil {
				return err
			}
			opts.Ctx = cmd.Context()
			opts.Params = args
			opts.ShowSecrets = f.Globals.ShowSecrets
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	addCommonFlags(cmd, opts)
	return cmd
}

// parseParams reads KEY=VALUE arguments, respelling known keys. Every bad
// argument is reported at once.
func parseParams(args []string) (map[string]string, []string, []failure.FieldError) {
	params := map[string]string{}
	seen := map[string]string{}
	var unknown []string
	var bad []failure.FieldError
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			bad = append(bad, failure.FieldError{Field: strconv.Quote(a), Rule: "is not KEY=VALUE", Example: "LicenseNo=京J97896"})
			continue
		}
		switch {
		case strings.EqualFold(k, provider.ParamSecCode):
			bad = append(bad, failure.FieldError{Field: k, Rule: "is the result, not a parameter: check a SecCode with --verify", Example: "--verify 80CF69548DB7815D8925714377AF0846"})
			continue
		case strings.EqualFold(k, provider.SecretKeyName):
			bad = append(bad, failure.FieldError{Field: k, Rule: "never goes on the command line: use --secret-stdin, INSURE_BIHU_SECRET_KEY or the profile"})
			continue
		}
		if !utf8.ValidString(a) {
			bad = append(bad, failure.FieldError{Field: strings.ToValidUTF8(k, "?"),
				Rule:    "is not UTF-8 (typed in a terminal set to GBK?): Bihu hashes and reads the parameters as UTF-8, so this SecCode would match nothing it receives",
				Example: "LicenseNo=京J97896"})
			continue
		}
		name := k
		known := false
		for _, rk := range renewalKeys {
			if strings.EqualFold(k, rk) {
				name, known = rk, true
			}
		}
		if prev, dup := seen[strings.ToLower(name)]; dup {
			bad = append(bad, failure.FieldError{Field: k, Rule: "is given twice (also as " + prev + ")"})
			continue
		}
		seen[strings.ToLower(name)] = k
		if !known {
			unknown = append(unknown, name)
		}
		params[name] = v
	}
	return params, unknown, bad
}

func runRenew(opts *Options) error {
	setting := settings(opts)
	params, unknown, bad := parseParams(opts.Params)
	if _, ok := params[provider.ParamAgentID]; !ok {
		if a := setting("agent-id"); a != "" {
			params[provider.ParamAgentID] = a
		} else {
			bad = append(bad, failure.FieldError{Field: provider.ParamAgentID, Rule: "is required: pass AgentId=ID, or set the profile's bihu.agent-id or INSURE_BIHU_AGENT_ID", Example: "AgentId=102"})
		}
	}
	// A Token given, even empty, is signed as given; none at all is the
	// cached session's.
	if tok, ok := params[provider.ParamToken]; ok {
		warnTokenGiven(opts, "Token=", tok)
	} else {
		if tok := cachedToken(opts, provider.ParamToken, "Token=TOKEN", "Token="+docTokenExample, &bad); tok != "" {
			params[provider.ParamToken] = tok
		}
	}
	if ts, ok := params[provider.ParamTimeStamp]; !ok {
		params[provider.ParamTimeStamp] = strconv.FormatInt(opts.Now().Unix(), 10)
	} else if rule := timestampRule(ts); rule != "" {
		bad = append(bad, failure.FieldError{Field: provider.ParamTimeStamp, Rule: rule, Example: "TimeStamp=1489044754"})
	}
	lower, ferr := hexCase(opts, setting)
	if ferr != nil {
		bad = append(bad, *ferr)
	}
	key, err := secret(opts, &bad)
	if err != nil {
		return err
	}
	bad = checkVerify(opts, bad, "80CF69548DB7815D8925714377AF0846")
	if len(bad) > 0 {
		return failure.Invalid(provider.Provider, "sign renew", bad...)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		fmt.Fprintf(opts.IO.ErrOut, "%s %s: not a renewal parameter Bihu documents; signed as given, but a server that does not bind it computes the SecCode without it\n",
			opts.IO.ErrColorScheme().WarningIcon(), strings.Join(unknown, ", "))
	}
	if missing := missingFromRenewal(params); len(missing) > 0 {
		them := "it"
		if len(missing) > 1 {
			them = "them"
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s no %s: every renewal insure sends carries %s, so no such request has this SecCode (signed as given)\n",
			opts.IO.ErrColorScheme().WarningIcon(), strings.Join(missing, ", "), them)
	}
	canonical, code := provider.RenewalSecCode(params, key, lower)
	canonical = provider.MaskCanonical(canonical, key)
	shown := map[string]string{}
	for k, v := range params {
		if v != "" {
			shown[k] = v
		}
	}
	// A real session token is a secret like the key; the dry run's
	// stand-in is not, and hiding it would stop the user copying it.
	if tok := params[provider.ParamToken]; tok != "" && tok != provider.DryRunToken && !opts.ShowSecrets {
		canonical = strings.ReplaceAll(canonical, provider.ParamToken+"="+tok, provider.ParamToken+"="+provider.Mask)
		shown[provider.ParamToken] = provider.Mask
	}
	res := Result{Operation: "renew", HexCase: hexName(lower), SecCode: code, Canonical: canonical, Params: shown}
	return finish(opts, res, "compare the string hashed above with yours: every parameter sent except SecCode, plus secretKey, sorted by name ignoring case, values unescaped (the plate as UTF-8), empty values left out")
}

// missingFromRenewal names what a renewal always sends and params lack:
// the session Token, the CityCode, and the vehicle (LicenseNo, or CarVin
// and EngineNo). The SecCode of such parameters is still computed, for
// whoever debugs another client's request, with a warning.
func missingFromRenewal(params map[string]string) []string {
	var missing []string
	for _, k := range []string{provider.ParamToken, provider.ParamCityCode} {
		if params[k] == "" {
			missing = append(missing, k)
		}
	}
	if params[provider.ParamLicenseNo] == "" && (params[provider.ParamCarVin] == "" || params[provider.ParamEngineNo] == "") {
		missing = append(missing, provider.ParamLicenseNo+" (or "+provider.ParamCarVin+" and "+provider.ParamEngineNo+")")
	}
	return missing
}
