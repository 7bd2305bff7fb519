package renew

import (
	"fmt"
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/bihu"
)

// showDryRun explains, on stderr, the SecCode of the renewal the transport
// just printed: the transport masks it with the other secrets, and a user
// comparing signatures needs it, the string it hashes and a way to
// reproduce it. stdout keeps only the request, so it can be saved as is.
func showDryRun(opts *Options, profile string, cfg bihu.Config, sr *bihu.SignedRequest) {
	token := sr.Params[bihu.ParamToken]
	// The stand-in token is not a secret; a cached session token is.
	hideToken := token != bihu.DryRunToken && !opts.ShowSecrets
	var signed []string
	for k := range sr.Params {
		if k != bihu.ParamSecCode {
			signed = append(signed, k)
		}
	}
	sort.Strings(signed)
	params := map[string]string{}
	args := make([]string, 0, len(signed))
	for _, k := range signed {
		params[k] = sr.Params[k]
		if k == bihu.ParamToken && token != bihu.DryRunToken {
			// The cached session's token: sign bihu renew signs it when
			// Token is left out, so the line pastes as is and no live
			// token is typed where ps shows it.
			continue
		}
		args = append(args, cmdutil.ShellQuote(k+"="+sr.Params[k]))
	}
	canonical := bihu.MaskCanonical(bihu.RenewalCanonical(params, cfg.SecretKey), cfg.SecretKey)
	if hideToken {
		canonical = maskToken(canonical, token)
	}
	hex := "upper"
	if cfg.LowerHex {
		hex = "lower"
	}
	w, cs := opts.IO.ErrOut, opts.IO.ErrColorScheme()
	fmt.Fprintf(w, "%s nothing was sent. The renewal's SecCode is %s, the MD5 (%s-case hex) of\n  %s\n",
		cs.Bold("dry run:"), sr.SecCode, hex, canonical)
	fmt.Fprintf(w, "reproduce it with:\n  insure -p %s sign bihu renew %s\n", cmdutil.ShellQuote(profile), strings.Join(args, " "))
	switch {
	case token == bihu.DryRunToken:
		fmt.Fprintf(w, "(%s stands in for the session token, since logging in is not sent either)\n", bihu.DryRunToken)
	default:
		fmt.Fprintf(w, "(Token is left out: sign bihu renew signs the cached session token, as this request carries it)\n")
	}
}
