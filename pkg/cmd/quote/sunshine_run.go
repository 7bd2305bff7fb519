package quote

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	sunshared "github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// cityRE is compiled on first use, not at every start of insure.
var cityRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{8}$`) })

// runSunshine starts a purchase (095, 100, 105) or, with --session,
// changes its coverages (110) and saves the premium (115).
func runSunshine(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	so := &opts.Sunshine
	so.Plate = normalisePlate(so.Plate)
	if so.NewCar && so.Plate != "" || so.Session != "" {
		// Flags that contradict each other are a usage error before any
		// question: answering would not help.
		if err := validateSunshineFlags(so); err != nil {
			return err
		}
	}
	if err := askSunshineStart(opts); err != nil {
		return err
	}
	if err := validateSunshineFlags(so); err != nil {
		return err
	}
	answers, err := purchase.LoadAnswers(opts.IO.In, opts.File, opts.Sets)
	if err != nil {
		return err
	}
	c, prof, err := opts.SunshineClient()
	if err != nil {
		return err
	}
	sessions, err := opts.SunshineSessions()
	if err != nil {
		return err
	}
	fl := &purchase.Flow{Client: c, Sessions: sessions, Asker: sunshared.NewAsker(opts.IO, opts.Prompter),
		Progress: sunshared.StderrProgress{IO: opts.IO}}
	if so.Session != "" {
		if fl.Session, err = purchase.OpenSession(ctx, sessions, prof.Name, so.Session); err != nil {
			return err
		}
		err = fl.Change(ctx, so.Package, answers)
	} else {
		fl.Session = &purchase.Session{Profile: prof.Name, Plate: so.Plate, City: so.City, Owner: so.Owner, Mobile: so.Mobile, NewCar: so.NewCar}
		err = fl.Start(ctx, so.Package, answers)
	}
	if err != nil {
		var flags []string
		if so.Session != "" && so.Package != "" {
			// Continued without its --package the session only saves the
			// premium it has (115): the change asked for would be lost.
			flags = []string{"--package", so.Package}
		}
		return sunshared.LookupAborted(sunshared.SessionAborted(err, fl.Session, "quote", flags...), fl)
	}
	return printSunshine(opts, oo, fl)
}

// normalisePlate writes a plate as the platform files it: capital
// letters, without the separators people type between the authority
// letter and the serial (a space, the middle dot painted on plates, a
// dash), full-width letters and digits narrowed.
func normalisePlate(p string) string {
	p = strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t·•・‧-", r) {
			return -1
		}
		return r
	}, validate.Narrow(p))
	return strings.ToUpper(p)
}

func validateSunshineFlags(opts *SunshineOptions) error {
	var ck validate.Checker
	if opts.Package != "" && opts.Package != "basic" && opts.Package != "luxury" && opts.Package != "optional" {
		ck.Add("--package", "one of basic, luxury, optional", "luxury")
	}
	if opts.Session != "" {
		for name, v := range map[string]string{"--plate": opts.Plate, "--city": opts.City, "--owner": opts.Owner, "--mobile": opts.Mobile} {
			if v != "" {
				ck.Add(name, "starts a new session; it cannot be combined with --session", "")
			}
		}
		return ck.Err(sunshine.Provider, "quote")
	}
	if opts.NewCar && opts.Plate != "" {
		ck.Add("--plate", "a new car (--new-car) has no plate yet", "")
	}
	if !opts.NewCar {
		if ck.Required("--plate", opts.Plate, "冀A00021 (or --new-car)") {
			ck.Check("--plate", opts.Plate, func(v string) *failure.FieldError { return validate.Plate(v, true) })
		}
	}
	if ck.Required("--city", opts.City, "07518800") && !cityRE().MatchString(opts.City) {
		ck.Add("--city", "Sunshine city codes are 8 digits", "07518800")
	}
	ck.Required("--owner", opts.Owner, "张三")
	if ck.Required("--mobile", opts.Mobile, "13800000000") {
		ck.Check("--mobile", opts.Mobile, validate.Mobile)
	}
	return ck.Err(sunshine.Provider, "quote")
}

var premiumRows = []struct{ key, label string }{
	{"bizTotalPremium", "commercial"},
	{"forcePremium", "compulsory (交强险)"},
	{"vehicleTaxPremium", "vehicle tax (车船税)"},
	{"standardPremium", "market price"},
	{"totalPremium", "total to pay"},
}

func printSunshine(opts *Options, oo output.Options, fl *purchase.Flow) error {
	r := purchase.NewQuoteResult(fl.Session, fl.LastResponse)
	tty := opts.IO.IsStdoutTTY()
	err := sunshared.Print(opts.IO, oo, fl.LastResponse, output.Result{Data: r, XMLRoot: "quote", Table: func(w io.Writer) error {
		return renderSunshineTable(w, tty, r, opts.Hint)
	}})
	if err != nil {
		return err
	}
	if opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "Session %s. Change coverages: %s\n", r.SessionID, opts.Hint.Command("sunshine quote", "--session", r.SessionID, "--package", "optional", "--set", "cov_600=500000"))
		fmt.Fprintf(opts.IO.ErrOut, "Buy it: %s\n", opts.Hint.Command("sunshine issue", "--session", r.SessionID))
	}
	return nil
}

func renderSunshineTable(w io.Writer, tty bool, r purchase.QuoteResult, hint cmdutil.Hinter) error {
	kv := output.NewKeyValues()
	kv.Add("session", r.SessionID)
	if r.Plate != "" {
		kv.Add("plate", r.Plate)
	}
	kv.Add("package", r.PackageType)
	for _, p := range premiumRows {
		if m, ok := r.Premiums[p.key]; ok {
			kv.Add(p.label, m.Yuan+" yuan")
		}
	}
	if r.BizBeginDate != "" {
		kv.Add("starts", fmt.Sprintf("%s (commercial), %s (compulsory)", r.BizBeginDate, r.ForceBeginDate))
	}
	if r.GiftBudget != "" {
		var names []string
		for _, g := range r.Gifts {
			names = append(names, fmt.Sprintf("%s %s %s yuan (up to %s)", g.ID, g.Name, g.Price, g.MaxCount))
		}
		kv.Add("gift budget", r.GiftBudget+" yuan: "+strings.Join(names, "; "))
		kv.Add("choose gifts", hint.Command("sunshine issue", "--session", r.SessionID)+" --set gifts=ID:COUNT,... (or on a terminal)")
	}
	if err := kv.Render(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t := output.NewTable(tty, "coverage", "key", "sum insured", "premium")
	for _, c := range r.Coverages {
		v := c.Value
		if c.ValueLabel != "" && c.ValueLabel != c.Value {
			v = c.ValueLabel + " (" + c.Value + ")"
		}
		t.Row(c.Label, c.Key, v, c.Premium.Yuan)
	}
	return t.Render(w)
}
