package quote

import (
	"context"
	"regexp"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/sunshine"
)

var cityRE = regexp.MustCompile(`^\d{8}$`)

// maxRounds bounds how often one step is answered with a form: a platform
// that keeps asking for the same thing must not loop a terminal forever.
const maxRounds = 4

// RunQuote starts a purchase (095, 100, 105) or, with Session, changes
// its coverages (110) and saves the premium (115).
func RunQuote(opts *QuoteOptions) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if err := validateFlags(opts); err != nil {
		return err
	}
	answers, err := shared.LoadAnswers(opts.IO.In, opts.File, opts.Sets)
	if err != nil {
		return err
	}
	c, prof, err := opts.Client()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	var p prompter.Prompter
	if opts.IO.CanPrompt() {
		p = opts.Prompter()
	}
	fl := &shared.Flow{C: c, St: st, IO: opts.IO}
	if opts.Session != "" {
		if fl.S, err = shared.Load(ctx, st, prof.Name, opts.Session); err != nil {
			return err
		}
		err = resume(ctx, opts, fl, answers, p)
	} else {
		fl.S = &shared.Session{Profile: prof.Name, Plate: strings.ToUpper(opts.Plate), City: opts.City, Owner: opts.Owner, Mobile: opts.Mobile, NewCar: opts.NewCar}
		err = start(ctx, opts, fl, answers, p)
	}
	if err != nil {
		return err
	}
	return printQuote(opts, oo, fl)
}

func validateFlags(opts *QuoteOptions) error {
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
	if ck.Required("--city", opts.City, "07518800") && !cityRE.MatchString(opts.City) {
		ck.Add("--city", "Sunshine city codes are 8 digits", "07518800")
	}
	ck.Required("--owner", opts.Owner, "张三")
	if ck.Required("--mobile", opts.Mobile, "13800000000") {
		ck.Check("--mobile", opts.Mobile, validate.Mobile)
	}
	return ck.Err(sunshine.Provider, "quote")
}

// start runs 095 (registered vehicles), 100 and 105.
func start(ctx context.Context, opts *QuoteOptions, fl *shared.Flow, answers *shared.Answers, p prompter.Prompter) error {
	s := fl.S
	base := []sunshine.Input{{Name: "cityCode", Value: s.City}}
	flag := "1"
	if !s.NewCar {
		flag = "0"
		base = append(base, sunshine.Input{Name: "licenseNo", Value: s.Plate})
	}
	base = append(base, sunshine.Input{Name: "noLicenseFlag", Value: flag})
	var pre []sunshine.Inputs
	if !s.NewCar {
		resp, err := fl.C.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup,
			InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: base}}})
		if err != nil {
			return err
		}
		fl.Last = resp
		if resp.NeedsInput() {
			// The lookup lists what the platform needs before it can start:
			// each of those is required.
			pre, err = shared.Fill(shared.FillOptions{Txn: sunshine.TxnVehicleLookup, Form: resp.TagsList, Answers: answers,
				Prompter: p, ErrOut: opts.IO.ErrOut, Required: true, Message: resp.Message()})
			if err != nil {
				return err
			}
		}
	}
	info := append(base, sunshine.Input{Name: "ownerName", Value: s.Owner}, sunshine.Input{Name: "ownerMobile", Value: s.Mobile},
		sunshine.Input{Name: "agentCode", Value: fl.C.AgentCode})
	resp, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo,
		InputsList: shared.Merge([]sunshine.Inputs{{Type: "vehicleInfo", Inputs: info}}, pre)})
	if err != nil {
		return err
	}
	return quoteLoop(ctx, opts, fl, answers, p, resp.TagsList, false)
}

// quoteLoop answers the vehicle form and sends 105 until it is priced. The
// first form (the 100 answer) is prefilled; later ones list what the
// platform still needs.
func quoteLoop(ctx context.Context, opts *QuoteOptions, fl *shared.Flow, answers *shared.Answers, p prompter.Prompter, form []sunshine.Tags, required bool) error {
	pkg := opts.Package
	if pkg == "" {
		if v, ok := answers.Get("packageType"); ok {
			pkg = v
		} else if fl.S.PackageType != "" && fl.S.PackageType != "optional" {
			pkg = fl.S.PackageType
		} else {
			pkg = "luxury"
		}
	}
	message := fl.S.Message
	for round := 0; ; round++ {
		if round == maxRounds {
			return stillAsking(fl.S, sunshine.TxnQuote, form, message)
		}
		in, err := shared.Fill(shared.FillOptions{Txn: sunshine.TxnQuote, Form: form, Answers: answers, Prompter: p,
			ErrOut: opts.IO.ErrOut, Required: required, Message: message})
		if err != nil {
			return withContinue(err, fl.S)
		}
		extra := answers.Unused(func(k string) bool { return k == "packageType" })
		answers = nil // what was given is sent now; a form asking again needs new answers
		spec := sunshine.RequestSpec{Transaction: sunshine.TxnQuote, InputsList: shared.Merge(
			fl.S.StoredInputs(nil), in, extra, []sunshine.Inputs{{Inputs: []sunshine.Input{{Name: "packageType", Value: pkg}}}})}
		resp, err := fl.Send(ctx, spec)
		if err != nil {
			return err
		}
		if !resp.NeedsInput() {
			return nil
		}
		form, required, message = resp.TagsList, true, resp.Message()
		if p == nil {
			return stillAsking(fl.S, sunshine.TxnQuote, form, message)
		}
	}
}

// stillAsking is exit 2 for a form a script cannot answer: every control,
// and how to continue the saved session.
func stillAsking(s *shared.Session, txn sunshine.Transaction, form []sunshine.Tags, message string) error {
	return withContinue(shared.MissingError(txn, message, shared.MissingFields(form)), s)
}

func withContinue(err error, s *shared.Session) error {
	fe, ok := err.(*failure.Error)
	if !ok || fe.Kind != failure.Usage || s.ID == "" {
		return err
	}
	fe.Hint = "the session is saved: answer with --set KEY=VALUE and run `insure sunshine quote --session " + s.ID + "` (or run it on a terminal to be asked)"
	return fe
}
