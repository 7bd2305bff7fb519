// Package api implements `insure api PROVIDER OPERATION`: send any
// documented operation from a request file and print the answer.
package api

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// Options for `api`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx            context.Context
	IO             *iostreams.IOStreams
	Registry       *registry.Registry
	Client         func(provider string) (any, error)
	SunshineClient func() (*sunshine.Client, *config.Profile, error)
	PaodingClient  func() (*paoding.Client, error)
	BihuClient     func() (*bihu.Client, error)
	EbaoClient     func() (*ebao.Client, *config.Profile, error)
	Prompter       func() prompter.Prompter
	Yes, DryRun    bool
	ShowSecrets    bool // --show-secrets: paoding's token answers and bihu's login token unmasked
	Store          func() (*store.Store, error)
	OutputOptions  func() (output.Options, error)
	Now            func() time.Time

	Provider  string
	Operation string
	File      string
	Sets      []string
	Session   string
	RawXML    bool
	// Profile is -p as given, for the commands a hint names ("" when the
	// current profile is used).
	Profile string

	batchLine bool // a --batch line: the batch's hints name how to settle it
}

// runners are the providers whose api support needs more than the
// registry's generic Call (forms, parameter files, GBK XML). Every other
// registered provider with a Call is served by runGeneric.
var runners = map[string]func(*Options) error{
	sunshine.Provider: runSunshine,
	paoding.Provider:  runPaoding,
	bihu.Provider:     runBihu,
	ebao.Provider:     runEbao,
}

// NewCmdAPI builds the command.
func NewCmdAPI(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Now: f.Now,
		Prompter: f.Prompter, Registry: f.Registry, Client: f.Client,
		SunshineClient: f.Sunshine,
		PaodingClient: func() (*paoding.Client, error) {
			c, _, err := f.Paoding()
			return c, err
		},
		EbaoClient: f.Ebao,
		BihuClient: func() (*bihu.Client, error) {
			c, _, err := f.Bihu()
			return c, err
		}}
	bfl := &batchcmd.Flags{}
	cmd := &cobra.Command{
		Use:     "api PROVIDER OPERATION [-f FILE|-] [--set ...]",
		Short:   "Send any documented operation from a request file and print the answer",
		GroupID: "work",
		Long: `Build, sign and send one operation of a provider from a small request file,
and print the answer. For integration work and for steps the guided
commands do not cover.

ebao: OPERATION is quotation, issuance or cancellation; -f is the JSON
body, sent byte for byte as read (--set is refused: the signature covers
the exact bytes), so an issuance body must carry the quotationNumber of a
quotation. issuance and cancellation need --yes in a script.

paoding: OPERATION is token.generate, token.refresh, brand.list,
brandFactory.list, brandFactory.get, report.buy or report.get; -f is a JSON
or YAML object of the document's parameters (brandFactoryId, vin,
engineNum, image, orderId, notifyUrl, lastModifyTime), --set KEY=VALUE
adds one or replaces the file's of the same name, in any case (VIN
replaces vin). report.buy needs --yes in a script. The answer is
Paoding's whole JSON, code and remark included; in the answers of
token.generate and token.refresh (which cache the token, as insure token
get and refresh do) the token and refresh token are masked unless
--show-secrets.

bihu: OPERATION is login, renewal or signout. renewal sends LicenseNo or
CarVin + EngineNo, and CityCode, as given (-f, --set; as for paoding, a
--set replaces the file's parameter of the same name), without the renew
command's checks, so Bihu's own answer (412 included) can be seen; AgentId,
Token and SecCode are added (given, they are refused), and TimeStamp unless
one is given in whole unix seconds, which is then signed, so a documented
SecCode can be reproduced with --dry-run. login signs the agentId, userName,
timestamp and timeout given (-f, --set; the profile's and the current time
where absent), so a documented secCode can be reproduced; the session
still counts from now. signout takes no input and says what came of it:
signed out, already ended, or no session cached (nothing sent, exit 0).

sunshine: OPERATION is a transaction code (050 095 100 105 110 115 120 125
126 127 130 135). -f is a YAML or JSON description of its InputsList,
Order, Payment and IssueCode (see examples/sunshine/, or insure example
sunshine 105); without -f an empty request is sent. --session ID sets the
SessionId (required after 100). --set GROUP.KEY=VALUE sets an input in the
Inputs group GROUP (added if absent), --set 'GROUP[N].KEY=VALUE' in the
N-th group of that type, from 0, as the guided commands name repeated
groups; --set KEY=VALUE replaces the input KEY wherever it is (or adds it
to the first group). Without an index, a --set that could be meant for any
of several groups of one type is refused. With --raw-xml, -f is a whole
XML envelope sent as written; only its Sign is computed, and a UTF-8 file
is converted to GBK with its declaration relabelled GBK (a byte-order mark
is dropped). When the session is one insure keeps (started by insure
sunshine quote or by api sunshine 100), its saved state follows the
answer, so the guided commands can continue it. 120 (underwriting) and
130 (issue) need --yes in a script.

The answer is shown with forms as tables of controls (key, label, type,
value, options) and premiums in yuan; -o json gives the same as data, -o
xml the platform's XML in UTF-8, -o raw its GBK bytes exactly as received
when written to a pipe or a file; on a terminal both print the XML as
readable UTF-8 text, without control characters.`,
		Example: `  insure -p sandbox api paoding brand.list
  insure -p sandbox api paoding report.buy -f examples/paoding/buy.json \
    --set orderId=API-1 --yes
  insure -p sandbox api ebao quotation -f examples/ebao/quote.json
  insure -p sandbox api bihu renewal --set LicenseNo=京J97896 --set CityCode=1
  insure -p sandbox --dry-run --show-secrets api bihu login \
    -f examples/bihu/login.json
  insure -p sandbox api sunshine 050
  insure -p sandbox api sunshine 100 -f examples/sunshine/100.yaml \
    --set vehicleInfo.cityCode=07518800
  insure -p sandbox api sunshine 105 -f examples/sunshine/105.yaml \
    --session SESSION -o xml
  insure -p sandbox api sunshine 050 --raw-xml -f request.xml -o raw \
    > answer.xml`,
		Args: cmdutil.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Provider, opts.Operation = args[0], args[1]
			opts.Yes, opts.DryRun = f.Globals.Yes, f.Globals.DryRun || f.Globals.Curl
			opts.ShowSecrets = f.Globals.ShowSecrets
			opts.Profile = f.Globals.Profile
			run, err := runnerFor(opts)
			if err != nil {
				return err
			}
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				if opts.File != "" || opts.Provider == sunshine.Provider {
					return cmdutil.FlagErrorf("--batch works with ebao, bihu and paoding, without -f (each line is a request)")
				}
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts, run))
			}
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				var names []string
				for _, p := range f.Registry.All() {
					names = append(names, p.Name+"\t"+p.Summary)
				}
				return names, cobra.ShellCompDirectiveNoFileComp
			case 1:
				if p, ok := f.Registry.Lookup(args[0]); ok {
					var ops []string
					for _, o := range p.Operations {
						ops = append(ops, o.Name+"\t"+o.Summary)
					}
					return ops, cobra.ShellCompDirectiveNoFileComp
				}
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.File, "file", "f", "", "Request file (YAML/JSON description, or XML with --raw-xml), - for stdin")
	fl.StringArrayVar(&opts.Sets, "set", nil, "Set an input: KEY=VALUE, or for sunshine GROUP.KEY=VALUE or GROUP[N].KEY=VALUE (repeatable)")
	bfl.Add(cmd)
	fl.StringVar(&opts.Session, "session", "", "SessionId of the request (sunshine)")
	fl.BoolVar(&opts.RawXML, "raw-xml", false, "-f is a complete XML envelope, sent as written but signed (sunshine)")
	return cmd
}

// runnerFor picks how to send opts.Provider's operation: its dedicated
// runner, or the registry's generic Call.
func runnerFor(opts *Options) (func(*Options) error, error) {
	d, ok := opts.Registry.Lookup(opts.Provider)
	if !ok {
		names := opts.Registry.Names()
		e := &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("unknown provider %q (known: %s); nothing was sent", opts.Provider, strings.Join(names, ", "))}
		if near := suggestName(opts.Provider, names); near != "" {
			e.Hint = didYouMean(near, "insure api "+near+" "+opts.Operation)
		}
		return nil, e
	}
	opts.Provider = d.Name
	if run, ok := runners[d.Name]; ok {
		return run, nil
	}
	if d.Call == nil {
		return nil, &failure.Error{Kind: failure.Usage, Provider: d.Name,
			Message: fmt.Sprintf("insure api %s is not supported: use the provider's own commands; nothing was sent", d.Name),
			Hint:    "see insure --help for the " + d.Name + " commands"}
	}
	return runGeneric, nil
}

// confirm asks for --yes (or a terminal's yes) before an act, as
// cmdutil.ConfirmAct does, and names the provider and operation in the
// refusal, as every other error of insure api does.
func confirm(opts *Options, provider, op, question string) error {
	err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, question)
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Provider == "" {
		fe.Provider, fe.Operation = provider, op
	}
	return err
}

// showRefusal prints, with -o raw, the body of an answer that came back
// as an error (a Paoding code other than 10000, an eBao error status, a
// Bihu 206), as Sunshine's refusals are printed: -o raw promises the
// provider's bytes, and an engineer sending an exact request needs the
// exact answer most when it is a refusal. The error is returned
// unchanged, so the exit code is still its own; other formats print
// nothing but the error, one document in a pipeline.
func showRefusal(opts *Options, oo output.Options, raw []byte, err error) error {
	if err == nil || len(raw) == 0 || oo.Format != "raw" || oo.JQ != "" || oo.Template != "" {
		return err
	}
	if perr := output.Print(opts.IO.Out, oo, output.Result{Raw: raw}); perr != nil {
		return perr
	}
	return err
}
