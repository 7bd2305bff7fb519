// Package renew implements `insure renew`: look up last year's policy of a
// vehicle so its renewal can be quoted. Only Bihu offers it.
package renew

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/spf13/cobra"
)

// Providers that offer renewal lookups.
var Providers = []string{bihu.Provider}

// RecordKind is the store record a lookup leaves, keyed by plate or VIN.
const RecordKind = "renewal"

// Options for `renew`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*bihu.Client, *config.Profile, error)
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	// Browser opens a URL without waiting for the browser (--open).
	Browser     func(url string) error
	DryRun      bool
	ShowSecrets bool

	Provider   string
	Request    bihu.RenewalRequest
	ListCities bool
	Open       bool
	// Page is what --open opens: "renewal" (the quote page of the lookup,
	// or ReplenishInfo on 206) or a name of bihu.Pages.
	Page string
	// batchLine: this lookup is one line of --batch, where --open is
	// refused, so a hint must not suggest adding it.
	batchLine bool
}

// Result is what a lookup prints: the provider's answer with its HTTP
// status, and the city's name for people.
type Result struct {
	Provider string `json:"provider"`
	*bihu.RenewalResult
	CityName string `json:"cityName,omitempty"`
}

// NewCmdRenew builds the command.
func NewCmdRenew(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions, Browser: OpenBrowser,
		Client: f.Bihu}
	bfl := &batchcmd.Flags{}
	cmd := &cobra.Command{
		Use:     "renew [--provider bihu] (--plate PLATE | --vin VIN --engine ENGINE_NO) [--city CITY] [--open]",
		Short:   "Look up a vehicle's last policy and get the page to quote its renewal",
		GroupID: "work",
		Long: `Ask Bihu for last year's policy of a vehicle, by plate or by VIN with its
engine number. On success Bihu answers with a RenewalToken, and insure
prints it together with the quote page URL
(DoQuote/SelectInsuranceNew?Token=..&RenewalToken=..), which opens Bihu's
own page for quoting the renewal; --open launches a browser on it.
The other pages of the same session are listed too: a new quote
(DoQuote/Index), the user's customers (Customer/CheckList) and, for
administrators, every customer (Customer/list); --open=quote,
--open=checklist and --open=customers open them. Every link carries the
login token, so it is printed masked (Token=****), which does not open:
--open opens the page without printing the token, and --show-secrets
prints the usable links (keep them private). On a terminal stderr says
which of the two the printed links are; in a pipe stderr stays quiet.

The city is a code or a name from the table that --list-cities prints
(offline). Without --city it is the plate's own city where the plate names
one city of the table (京 北京, 沪 上海, 粤B 深圳, ...), then the profile's
bihu.city-code. Renewal cannot cross regions, so it must be the vehicle's
city.

Input is checked before anything is sent: a 7-character plate (new-energy
plates are not supported: use the VIN and engine number), or a VIN with an
engine number, not both. Every bad field is listed at once (exit 2).

Results, by Bihu's HTTP status:
  200  found: renewal token and quote page URL
  206  no usable record (exit 4): complete the licence details on the
       ReplenishInfo page, whose URL is in the error's hint
  403  session token refused, also after logging in again (exit 3)
  406  SecCode refused (exit 3): the string that was hashed is shown, secret
       masked, to compare with insure sign bihu renew
  412  parameter check failed (exit 4): what was sent is shown
  500  server error on every attempt, up to 3 (exit 5): a lookup changes
       nothing, so running it again is safe

--dry-run prints the signed request and, on stderr, its SecCode with the
insure sign bihu renew command that reproduces it.`,
		Example: `  insure -p sandbox renew --plate 京J97896
  insure -p sandbox renew --vin LSVAU2180N2183294 --engine 2192209 --city 北京
  # the usable link, login token included:
  insure renew --plate 粤B12346 -o json --jq .quotePageUrl --show-secrets
  # the page opened, the token never printed:
  insure renew --plate 京J97896 --open
  insure renew --plate 京J97896 --open=checklist
  insure renew --list-cities`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && cmd.Flags().Changed("open") {
				if _, ok := bihu.LookupPage(args[0]); ok || args[0] == "renewal" {
					// --open takes its page only with "=": "--open quote"
					// left quote as an argument, "takes no arguments".
					return cmdutil.FlagErrorf("--open takes its page after \"=\": --open=%s (with a space, %q is read as an argument)", args[0], args[0])
				}
			}
			return cmdutil.NoArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if err := checkProvider(opts.Provider); err != nil {
				return err
			}
			if opts.ListCities {
				if extra := changed(cmd, "plate", "vin", "engine", "city", "open", "batch"); len(extra) > 0 {
					return cmdutil.FlagErrorf("--list-cities takes no other flags (got %s)", strings.Join(extra, ", "))
				}
			}
			// In a batch every line names its own vehicle, and nothing is
			// opened per line: those flags would be ignored, silently.
			if bfl.Enabled() {
				if extra := changed(cmd, "plate", "vin", "engine", "open"); len(extra) > 0 {
					return cmdutil.FlagErrorf("with --batch each line gives the vehicle (columns plate, or vin and engine; city optional) and nothing is opened, so %s cannot be used; --city sets the city of the lines whose plate names none", strings.Join(extra, ", "))
				}
			}
			if err := checkPage(opts); err != nil {
				return err
			}
			// Nothing to look up: name the flags, which a field error
			// ("plate: give a plate, ...") left the user to guess.
			if !opts.ListCities && !bfl.Enabled() && opts.Request.LicenseNo == "" && opts.Request.CarVin == "" && opts.Request.EngineNo == "" {
				return &failure.Error{Kind: failure.Usage, Message: "give the vehicle: --plate, or --vin with --engine; nothing was sent",
					Hint: "for example: " + cmdutil.Hint(f, "renew", "--plate", "京J97896") + ", or many at once with --batch FILE"}
			}
			opts.DryRun = f.Globals.DryRun || f.Globals.Curl
			opts.ShowSecrets = f.Globals.ShowSecrets
			if err := bfl.Check(cmd); err != nil {
				return err
			} else if bfl.Enabled() && runF == nil {
				return batchcmd.Run(cmd, f, bfl, batchAdapter(opts))
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Provider, "provider", bihu.Provider, "Provider to look the vehicle up with: "+strings.Join(Providers, ", "))
	fl.StringVar(&opts.Request.LicenseNo, "plate", "", "Plate (licence number), 7 characters, e.g. 京J97896")
	fl.StringVar(&opts.Request.CarVin, "vin", "", "VIN (17 characters), with --engine, instead of --plate")
	fl.StringVar(&opts.Request.EngineNo, "engine", "", "Engine number, with --vin")
	fl.StringVar(&opts.Request.CityCode, "city", "", "City code or name (default: the plate's city, then the profile's bihu.city-code)")
	bfl.Add(cmd)
	fl.BoolVar(&opts.ListCities, "list-cities", false, "Print the table of cities Bihu renews in and exit")
	fl.StringVar(&opts.Page, "open", "", "Open a Bihu page in a browser: renewal (the default: the renewal's quote page, or ReplenishInfo on 206), "+pageNames()+"; give it as --open=PAGE")
	fl.Lookup("open").NoOptDefVal = "renewal"
	_ = cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(Providers, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("city", func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		// --city takes a code or a name: a name being typed (北) completes
		// to names, anything else to codes, each described by the other.
		byName := prefix != "" && prefix[0] >= utf8.RuneSelf
		out := make([]string, 0, len(bihu.Cities))
		for _, c := range bihu.Cities {
			if byName {
				out = append(out, c.Name+"\t"+c.Code)
			} else {
				out = append(out, c.Code+"\t"+c.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("open", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		out := []string{"renewal\tthe renewal's quote page (the default)"}
		for _, p := range bihu.Pages {
			out = append(out, p.Name+"\t"+p.Summary)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// changed lists, as --NAME, the flags of names the user set.
func changed(cmd *cobra.Command, names ...string) []string {
	var out []string
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			out = append(out, "--"+n)
		}
	}
	return out
}

func checkProvider(p string) error {
	for _, v := range Providers {
		if v == p {
			return nil
		}
	}
	return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("renew does not support provider %q (valid: %s)", p, strings.Join(Providers, ", ")),
		Hint: "only Bihu offers renewal lookups: insure renew --provider bihu --plate PLATE"}
}

// Run looks the vehicle up, or lists the cities.
func Run(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if opts.ListCities {
		return listCities(opts.IO, oo)
	}
	// The request first: bad input is reported without reading the
	// profile, logging in or sending anything.
	if err := opts.Request.Validate(); err != nil {
		return ourFieldNames(err)
	}
	c, prof, err := opts.Client()
	if err != nil {
		return err
	}
	res, err := c.Renew(ctx, opts.Request)
	var dry *bihu.DryRunError
	if errors.As(err, &dry) {
		showDryRun(opts, prof.Name, c.Config(), dry.Request)
		return err
	}
	if err != nil && res == nil {
		// The city is resolved (plate, profile) only here, past the
		// checks above: a missing one must be named as the flag too.
		return ourFieldNames(err)
	}
	// A result with an error is a 206: there is a record of it, and maybe a
	// page to open, before the error is reported.
	// The page URLs carry the login token, which is a secret: shown masked
	// unless --show-secrets, while --open opens the real page.
	shown := *res
	if !opts.ShowSecrets {
		shown.QuotePageURL, shown.ReplenishURL = maskToken(res.QuotePageURL, res.Token), maskToken(res.ReplenishURL, res.Token)
		shown.Pages = maskPages(res.Pages, res.Token)
	}
	out := Result{Provider: bihu.Provider, RenewalResult: &shown}
	if city, ok := bihu.LookupCity(res.CityCode); ok {
		out.CityName = city.Name
	}
	record(ctx, opts, prof.Name, res)
	if err != nil {
		return needsLicence(opts, oo, res, err, prof.Sandbox && os.Getenv(sandbox.URLVar) == "")
	}
	if err := output.Print(opts.IO.Out, oo, output.Result{Data: out, Raw: res.Raw, XMLRoot: "renewal", Table: func(w io.Writer) error {
		return table(w, out)
	}}); err != nil {
		return err
	}
	if opts.Open {
		openPage(opts, pageFor(opts, res, res.QuotePageURL))
	} else if opts.IO.IsStderrTTY() {
		// Only a person reads this: a script's stderr stays as it was, and
		// the help and docs/scripting.md say the same for scripts.
		fmt.Fprintf(opts.IO.ErrOut, "%s Renewal found. %s\n", opts.IO.ErrColorScheme().SuccessIcon(), linkNotice(opts.ShowSecrets, res.Token))
	}
	return nil
}

func table(w io.Writer, r Result) error {
	kv := output.NewKeyValues()
	if r.LicenseNo != "" {
		kv.Add("plate", r.LicenseNo)
	} else {
		kv.Add("VIN", r.CarVin)
		kv.Add("engine", r.EngineNo)
	}
	kv.Add("city", strings.TrimSpace(r.CityCode+" "+r.CityName))
	kv.Add("renewal token", r.RenewalToken)
	kv.Add("quote page", r.QuotePageURL)
	// The other pages of the session, labelled within the width above.
	for _, p := range []struct{ name, label string }{{"quote", "new quote"}, {"checklist", "my customers"}, {"customers", "all customers"}} {
		if u := r.Pages[p.name]; u != "" {
			kv.Add(p.label, u)
		}
	}
	return kv.Render(w)
}

func listCities(ios *iostreams.IOStreams, oo output.Options) error {
	return output.Print(ios.Out, oo, output.Result{Data: bihu.Cities, XMLRoot: "cities", Table: func(w io.Writer) error {
		t := output.NewTable(ios.IsStdoutTTY(), "CODE", "CITY")
		for _, c := range bihu.Cities {
			t.Row(c.Code, c.Name)
		}
		return t.Render(w)
	}})
}

// record leaves the outcome in the store so support can find a lookup by
// plate or VIN. The session token is masked wherever it appears (page
// URLs, the answer's message): the store is not a place for secrets.
func record(ctx context.Context, opts *Options, profile string, res *bihu.RenewalResult) {
	st, err := opts.Store()
	if err != nil {
		return
	}
	r := *res
	r.QuotePageURL, r.ReplenishURL = maskToken(r.QuotePageURL, r.Token), maskToken(r.ReplenishURL, r.Token)
	r.Pages = maskPages(r.Pages, r.Token)
	body, _ := json.Marshal(r)
	// The answer's own text (a 206's msg) may quote the token too, or
	// any secret the process knows (a gateway echoing the secret key).
	if masked := []byte(maskToken(httpx.MaskKnown(string(body)), r.Token)); json.Valid(masked) {
		body = masked
	} else {
		r.Msg = bihu.Mask
		body, _ = json.Marshal(r)
	}
	id := r.LicenseNo
	if id == "" {
		id = r.CarVin
	}
	if err := st.PutRecord(ctx, store.Record{Profile: profile, Provider: bihu.Provider, Kind: RecordKind, ID: id, Body: body}); err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "%s the lookup was not recorded in the local store: %v\n", opts.IO.ErrColorScheme().WarningIcon(), err)
	}
}
