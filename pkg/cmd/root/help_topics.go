package root

import (
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
  INSURE_TIMEOUT        --timeout       e.g. 45s
  INSURE_NO_COLOR       --no-color      (NO_COLOR works too)
  INSURE_NO_INPUT       --no-input
  INSURE_YES            --yes

Every provider setting of a profile can be overridden the same way, which is
how CI jobs pass secrets without writing them to disk:

  INSURE_<PROVIDER>_<FIELD>   e.g. INSURE_PAODING_PASSWORD, INSURE_EBAO_SECRET_KEY,
                              INSURE_BIHU_SECRET_KEY, INSURE_PAODING_ENDPOINT

Precedence, highest first:

  flag  >  environment  >  profile (config file or OS keyring)  >  built-in default

Provider secrets have no flags at all, so they never show in ps.

Other variables:

  INSURE_SANDBOX_URL     use a running "insure sandbox serve" instead of an in-process sandbox
  INSURE_SANDBOX_FAULTS  inject faults into the in-process sandbox (see insure sandbox serve --help)
  INSURE_STATE_DIR       where the local store and sandbox state live
                         (default $XDG_STATE_HOME/insure, i.e. ~/.local/state/insure)
  XDG_CONFIG_HOME        the config file is $XDG_CONFIG_HOME/insure/config.yaml
  CI                     when set, insure never prompts
  NO_COLOR               when set, insure prints no colour
`},
	{"exit-codes", "What each exit code means", `insure exits with one of these codes:

  0  success
  1  unexpected failure: a bug or a local I/O error
  2  usage or input validation error: nothing was sent
  3  authentication refused: bad key, bad signature, expired or unknown token
  4  the provider answered and refused the request (e.g. paoding 30020, bihu 206)
  5  network failure or timeout: the outcome may be unknown, stderr says so
  6  the response failed verification: bad response signature or unparseable body
  7  rate limit or daily quota exceeded (e.g. paoding 10040)
  130  interrupted by Ctrl-C (SIGINT) before the command finished
  143  terminated by SIGTERM before the command finished

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
  -o raw     the provider's response body byte for byte

--jq EXPR filters the JSON form with jq syntax (strings print bare):

  insure -p sandbox vin-report get ORDER_ID --jq .status

--template TPL formats the JSON form with a Go template:

  insure -p sandbox vin-report brands --template '{{range .}}{{.brandName}}{{"\n"}}{{end}}'

Data goes to stdout; progress, warnings and the -v wire log go to stderr.
`},
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
