package purchase

import (
	"context"
	"fmt"
	"slices"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// Start opens the purchase of f.Session (its Plate or NewCar, City, Owner
// and Mobile set) and prices it: 095 for a registered vehicle (does the
// platform need the VIN and engine number?), 100 (a new session) and 105.
// pkg is the package to price: "" takes answers' packageType, else luxury.
func (f *Flow) Start(ctx context.Context, pkg string, answers *Answers) error {
	s := f.Session
	if f.Command == "" {
		f.Command = "quote"
	}
	f.starting = true
	defer func() { f.starting = false }()
	// licenseNo is sent for a new car too, empty: the manual's table
	// lists it for 095 and 100 as "empty for a new car", and its new-car
	// 100 example sends the element with no text rather than leaving it
	// out. A server that checks the element is there gets it.
	plate, flag := s.Plate, "0"
	if s.NewCar {
		plate, flag = "", "1"
	}
	base := []sunshine.Input{{Name: "cityCode", Value: s.City}, {Name: "licenseNo", Value: plate}, {Name: "noLicenseFlag", Value: flag}}
	// Every bad field at once: the vehicle answers, the partner codes and
	// any value the wire encoding (GBK) cannot carry, the flags' included:
	// 095 must not go out for a 100 that cannot.
	codes, err := f.basicInfoCodes(answers)
	verr := checkVehicleAnswers(answers, s, f.Client.Now())
	given := append(slices.Clone(base), sunshine.Input{Name: "ownerName", Value: s.Owner}, sunshine.Input{Name: "ownerMobile", Value: s.Mobile})
	for _, x := range answers.List() {
		given = append(given, sunshine.Input{Name: x.Field(), Value: x.Value})
	}
	if bad := sunshine.CheckGBK(sunshine.RequestSpec{InputsList: []sunshine.Inputs{{Inputs: given}}}); len(bad) > 0 {
		if verr == nil {
			verr = failure.Invalid(sunshine.Provider, "quote")
		}
		verr.Fields = append(verr.Fields, bad...)
	}
	if verr != nil {
		if e, ok := err.(*failure.Error); ok {
			verr.Fields = append(verr.Fields, e.Fields...)
		}
		verr.Message = fmt.Sprintf("%d field(s) are missing or break their input's rule (see each); nothing was sent", len(verr.Fields))
		return verr
	}
	if err != nil {
		return err
	}
	var pre []sunshine.Inputs
	if !s.NewCar {
		resp, err := f.Client.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnVehicleLookup,
			InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: base}}})
		if err != nil {
			return err
		}
		f.LastResponse = resp
		if resp.NeedsInput() {
			// The lookup lists what the platform needs before it can start:
			// each of those is required.
			pre, err = Fill(ctx, FillOptions{Now: f.Client.Now(), Transaction: sunshine.TxnVehicleLookup, Form: resp.TagsList, Answers: answers,
				Asker: f.Asker, Required: true, Message: resp.Message()})
			if err != nil {
				return err
			}
		}
	}
	info := append(base, sunshine.Input{Name: "ownerName", Value: s.Owner}, sunshine.Input{Name: "ownerMobile", Value: s.Mobile},
		sunshine.Input{Name: "agentCode", Value: f.Client.AgentCode})
	info = append(info, codes...)
	resp, err := f.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnBasicInfo,
		InputsList: Merge([]sunshine.Inputs{{Type: "vehicleInfo", Inputs: info}}, pre)})
	if err != nil {
		return err
	}
	return f.quote(ctx, pkg, answers, resp.TagsList, false)
}

// quote answers the vehicle form and sends 105 until it is priced. The
// first form (the 100 answer) is prefilled; later ones list what the
// platform still needs.
func (f *Flow) quote(ctx context.Context, pkg string, answers *Answers, form []sunshine.Tags, required bool) error {
	if pkg == "" {
		if v, ok := answers.Get("packageType"); ok {
			pkg = v
		} else if f.Session.PackageType != "" && f.Session.PackageType != "optional" {
			pkg = f.Session.PackageType
		} else {
			pkg = "luxury"
		}
	}
	message := f.Session.Message
	for round := 0; ; round++ {
		if round == maxRounds {
			return stillAsking(f.Session, sunshine.TxnQuote, form, message)
		}
		// A prefilled form (the 100 answer) does not overrule what the
		// user gave by flag; a form the platform sent back to ask for
		// exactly these controls does (the values given were refused).
		var given map[string]string
		if !required {
			given = f.Session.given()
		}
		in, err := Fill(ctx, FillOptions{Now: f.Client.Now(), Transaction: sunshine.TxnQuote, Form: form, Answers: answers, Asker: f.Asker, Lookups: f.Client,
			Required: required, Message: message, Given: given, Note: func(s string) { f.note("%s", s) }})
		if err != nil {
			return withContinue(err, f.Session)
		}
		extra := answers.Unused(func(k string) bool { return k == "packageType" })
		answers = nil // what was given is sent now; a form asking again needs new answers
		// The manual's 105 (3.7.1) sends packageType in the vehicleInfo
		// group, with the vehicle form's answers.
		spec := sunshine.RequestSpec{Transaction: sunshine.TxnQuote, InputsList: Merge(
			f.Session.SentInputs(nil), in, extra, []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{{Name: "packageType", Value: pkg}}}})}
		resp, err := f.Send(ctx, spec)
		if err != nil {
			return err
		}
		if !resp.NeedsInput() {
			return checkPriced(sunshine.TxnQuote, f.Session, pkg)
		}
		form, required, message = resp.TagsList, true, resp.Message()
		if f.Asker == nil {
			return stillAsking(f.Session, sunshine.TxnQuote, form, message)
		}
	}
}

// stillAsking is exit 2 for a form a script cannot answer: every control,
// and how to continue the saved session.
func stillAsking(s *Session, txn sunshine.Transaction, form []sunshine.Tags, message string) error {
	return withContinue(MissingError(txn, message, MissingFields(form)), s)
}

func withContinue(err error, s *Session) error {
	fe, ok := err.(*failure.Error)
	if !ok || fe.Kind != failure.Usage || s.ID == "" {
		return err
	}
	// The answers of this run are not kept with the session: the next
	// run needs them again, or the platform asks for them again.
	fe.Hint = "the session is saved: run `insure sunshine quote --session " + s.ID + "` with this run's -f and --set answers plus the missing ones (--set KEY=VALUE), or run it on a terminal to be asked"
	return fe
}

// given is what the user gave by flag when the session started (the
// inputs 100 sent from --plate or --new-car, --city, --owner and
// --mobile), by control key.
func (s *Session) given() map[string]string {
	g := map[string]string{}
	add := func(k, v string) {
		if v != "" {
			g[k] = v
		}
	}
	add("cityCode", s.City)
	add("ownerName", s.Owner)
	add("ownerMobile", s.Mobile)
	switch {
	case s.NewCar:
		add("noLicenseFlag", "1")
	case s.Plate != "":
		add("licenseNo", s.Plate)
		add("noLicenseFlag", "0")
	}
	return g
}
