package root

import (
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/spf13/cobra"
)

var helpTopics = []struct{ name, short, long string }{
	{"environment", "Environment variables and precedence", `Every global flag can be set from the environment as INSURE_<FLAG>, with
dashes as underscores:

  INSURE_PROFILE        --profile       profile to use
  INSURE_CONFIG         --config        config file path
  INSURE_OUTPUT         --output        table|json|yaml|xml|raw
  INSURE_JQ             --jq            jq filter
  INSURE_TEMPLATE       --template      Go template
  INSURE_VERBOSE        --verbose       wire log on stderr (true/false)
  INSURE_DRY_RUN        --dry-run
  INSURE_CURL           --curl
  INSURE_SHOW_SECRETS   --show-secrets  secrets unmasked in --dry-run/--curl
                                        output, tokens, page links
  INSURE_TIMEOUT        --timeout       e.g. 45s
  INSURE_CACERT         --cacert        PEM file of extra CAs to trust
                                        (see TLS below)
  INSURE_NO_COLOR       --no-color      (NO_COLOR works too)
  INSURE_NO_INPUT       --no-input
  INSURE_YES            --yes

Every provider setting of a profile can be overridden the same way, which is
how CI jobs pass secrets without writing them to disk:

  INSURE_<PROVIDER>_<FIELD>   e.g. INSURE_PAODING_PASSWORD,
                              INSURE_EBAO_SECRET_KEY, INSURE_BIHU_SECRET_KEY,
                              INSURE_PAODING_ENDPOINT
  INSURE_DEFAULTS_<KEY>       a profile's defaults: INSURE_DEFAULTS_OUTPUT,
                              INSURE_DEFAULTS_TIMEOUT, INSURE_DEFAULTS_CACERT

Precedence, highest first:

  flag > environment > profile (config file or OS keyring) > built-in default

Provider secrets have no flags at all, so they never show in ps.

Other variables:

  INSURE_SANDBOX_URL     use a running "insure sandbox serve" instead of an
                         in-process sandbox
  INSURE_SANDBOX_FAULTS  inject faults into the in-process sandbox (see
                         insure sandbox serve --help)
  INSURE_STATE_DIR       where the local store and sandbox state live (default
                         $XDG_STATE_HOME/insure, i.e. ~/.local/state/insure)
  XDG_CONFIG_HOME        the config file is $XDG_CONFIG_HOME/insure/config.yaml
  INSURE_CONFIG          the config file (same as --config)
  CI                     when set, insure never prompts
  NO_COLOR               when set, insure prints no colour (CLICOLOR=0 too)
  CLICOLOR_FORCE         when set (not 0), colour even in a pipe
  INSURE_PAGER, PAGER    the pager of find and history list|show on a
                         terminal (default less -FRX; "cat" or "" for none)
  BROWSER                what renew --open starts (a colon-separated list,
                         %s for the page; default xdg-open, open, rundll32)

TLS and proxies:

  insure always verifies the server's certificate and speaks TLS 1.2 or
  newer; there is no option to turn verification off. To reach a partner's
  test server whose certificate comes from the partner's own CA, trust that
  CA in addition to the system roots:

  --cacert FILE          a PEM file of CA certificates (also INSURE_CACERT,
                         or "defaults: {cacert: FILE}" in a profile; the flag
                         wins). A file that cannot be read or holds no PEM
                         certificate is exit 2.
  SSL_CERT_FILE          replaces the system's CA bundle (a PEM file)
  SSL_CERT_DIR           replaces the system's CA directories (colon-separated)
  HTTPS_PROXY            proxy for https:// endpoints (e.g. http://proxy:3128)
  HTTP_PROXY             proxy for http:// endpoints
  NO_PROXY               hosts, domains and CIDRs reached directly
                         (comma-separated); loopback addresses (the sandbox)
                         never use a proxy

  An untrusted certificate is exit 5 with "the server's TLS certificate is
  not trusted"; nothing was sent.
`},
	{"exit-codes", "What each exit code means", `insure exits with one of these codes:

  0  success
  1  unexpected failure: a bug or a local I/O error
  2  usage or input validation error: nothing was sent
  3  authentication refused: bad key, bad signature, expired or unknown token
  4  the provider answered and refused the request (e.g. paoding 30020,
     bihu 206), or finished an order without its result: a paoding report
     whose status is 3 (query failed) or 4 (no record)
  5  network failure or timeout: the outcome may be unknown, stderr says so
  6  the response failed verification: bad response signature or
     unparseable body
  7  rate limit or daily quota exceeded (e.g. paoding 10040)
  8  the act (a purchase, an issuance, a cancellation) went through, but its
     result could not be printed (a --jq or --template runtime error, a
     closed stdout): stderr says what was done; do not repeat it
129  hung up (SIGHUP: the terminal or ssh session closed) before the
     command finished
130  interrupted by Ctrl-C (SIGINT, or Ctrl-C at a prompt) before the
     command finished
143  terminated by SIGTERM before the command finished
     (version, help, completion, example and sign finish at once and hold
     nothing to undo: a signal ends them the default way, which a shell
     reports as 128 + the signal's number too)

Exit 1 is left for bugs and local I/O errors. Where a provider's document
gives an HTTP status its own meaning (bihu 200/206/403/406/412/500), that
meaning holds; every other status and transport failure is classified the
same way for every provider:

  connection refused, name not found     5  nothing was sent: safe to repeat
  connection reset, timeout              5  (outcome unknown for acts)
  an answer cut off by --timeout         5  (the deadline covers the body)
  5xx, once the retry policy gives up    5  (outcome unknown for acts)
  3xx redirect (never followed)          5  names the target address
  401, 403                               3
  429                                    7
  404, 405 and other 4xx                 4  check the profile's endpoint
  200 whose body is not JSON (XML for
  sunshine) or fails its signature       6
  an answer larger than the operation's
  limit (1 to 16 MiB)                    6  (outcome unknown for acts)

Acts are the requests that buy, issue or cancel (ebao issuance and
cancellation, paoding report.buy, sunshine purchase transactions): when
one fails this way it may still have taken effect, stderr says what to
check before sending it again. Look-ups are repeated up to 3 times after
a connection failure, a 429 or a 5xx; acts never are, except sunshine's,
whose platform answers an identical request identically. See
docs/reliability.md.

Answering "no" at a confirmation is exit 0: nothing was sent, and that is
what was asked for. Ctrl-C at a prompt is 130 and sends nothing.

On Ctrl-C or SIGTERM the request in flight is abandoned, locks are released
and the request's journal row is kept (insure history list). When the
request could buy, issue or cancel, stderr says its outcome is unknown and
how to check it. A server (sandbox serve, vin-report listen) stops cleanly
on either signal and exits 0.

When the output is JSON (the default in a pipe), a failure also prints a JSON
document on stdout with the provider's own code kept as it was sent:

  {"error":{"kind":"refused","exit_code":4,"provider":"paoding",
    "operation":"report.buy","code":"30020","message":"...","hint":"..."}}
`},
	{"formatting", "Output formats, --jq and --template", `On a terminal insure prints tables; in a pipe it prints JSON. -o chooses:

  -o table   aligned columns on a terminal, tab-separated values in a pipe
  -o json    the full result (indented on a terminal, one line in a pipe)
  -o yaml    the same data as YAML
  -o xml     the same data as XML
  -o raw     the provider's response body byte for byte (on a terminal a
             final newline is added if the body lacks one); a refusal
             prints no body, only the error on stderr: -v shows the
             answer as it came, insure history show ID as recorded

--jq EXPR filters the JSON form with jq syntax (strings print bare):

  insure -p sandbox vin-report get ORDER_ID --jq .status

--template TPL formats the JSON form with a Go template (text/template's
language and built-in functions, plus json, join, upper and lower; a
missing key prints <no value>; the data is JSON, so there are no methods
to call):

  insure -p sandbox vin-report brands \
    --template '{{range .}}{{.brandName}}{{"\n"}}{{end}}'

A filter or template that does not parse, or names an undefined jq
function or variable, is exit 2 before anything is sent. One that fails
on the data (.name on a list) is exit 2 too, and prints nothing for a
template; after an act (a purchase, an issuance, a cancellation) it is
exit 8: the act went through, do not repeat it.

With --dry-run the result is each request that would be sent (dry_run,
method, url, headers, body), so the filters apply to it, one request at a
time; a filter error there is printed on stderr:

  insure -p sandbox quote --provider ebao -f quote.json --dry-run --jq .url

On a terminal, text from a provider (table cells, --jq strings, --template
output) loses every control sequence; in a pipe it is kept as sent, except
that a tab or newline inside a cell of -o table becomes a space, so each
row stays one line. Numbers print as in JSON in every format (1234567.5,
not 1.2345675e+06).

Colour is used only on a terminal. --no-color, NO_COLOR, CLICOLOR=0 or
TERM=dumb turn it off; CLICOLOR_FORCE=1 turns it on in a pipe too (for
less -R), unless one of those turns it off.

With --batch the output is always JSON Lines, one object per input line
(the line number, its identifiers, the outcome and the result); -o other
than json, --jq and --template are refused: pipe the lines to jq.

Data goes to stdout; progress, warnings and the -v wire log go to stderr.
`},
}

// helpCommand is `insure help [command]`: cobra's prints the root's
// usage and exits 0 for a topic it does not know, and does not complete
// the help topics.
func helpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command or topic",
		Long:  "Help for any command, or one of the topics listed under \"Additional help topics\" (insure help exit-codes).",
		ValidArgsFunction: func(c *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []string
			for _, sub := range cmd.Commands() {
				if (sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand()) && strings.HasPrefix(sub.Name(), prefix) {
					out = append(out, sub.Name()+"\t"+sub.Short)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			root := c.Root()
			cmd, rest, err := root.Find(args)
			if err != nil || cmd == nil || len(rest) > 0 || (cmd == root && len(args) > 0) {
				e := &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("unknown command or help topic %q", strings.Join(args, " ")),
					Hint: "`insure help` lists the commands and the help topics"}
				parent, word := root, args[0]
				if cmd != nil && len(rest) > 0 {
					parent, word = cmd, rest[0]
				}
				if parent.SuggestionsMinimumDistance <= 0 {
					parent.SuggestionsMinimumDistance = 2
				}
				s := parent.SuggestionsFor(word)
				for _, sub := range parent.Commands() {
					// Topics are no available commands, which cobra's
					// suggestions consider alone.
					if sub.IsAdditionalHelpTopicCommand() && (strings.HasPrefix(sub.Name(), word) || strings.HasPrefix(word, sub.Name())) {
						s = append(s, sub.Name())
					}
				}
				if len(s) > 0 {
					path := strings.TrimPrefix(parent.CommandPath(), root.Name())
					for i := range s {
						s[i] = strings.TrimSpace(path + " " + s[i])
					}
					e.Hint = "did you mean " + strings.Join(s, " or ") + "? " + e.Hint
				}
				return e
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

func addHelpTopics(root *cobra.Command) {
	for _, t := range helpTopics {
		root.AddCommand(&cobra.Command{
			Use:   t.name,
			Short: t.short,
			Long:  t.long,
			// No Run: cobra lists it under "Additional help topics" and
			// `insure help NAME` prints it.
		})
	}
}
