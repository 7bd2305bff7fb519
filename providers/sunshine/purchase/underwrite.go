package purchase

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/sunshine"
)

// SendDateKey is the delivery date of 120 and 135 (配送时间), which their
// tables (3.10.1, 3.11.1) mark not nullable, written yyyy-MM-dd. When no
// answer gives it, the flow sends the day of the request in China time:
// the earliest the documents can go out, and what a person who says
// nothing about it means.
const SendDateKey = "sendDate"

// SendDateLayout is the delivery date's format in the tables.
const SendDateLayout = "2006-01-02"

// emailKeys are the e-mail addresses 120's table marks not nullable, one
// per person. The table labels applicantEmail as the owner's address; it
// is in the applicant's group, and the name says whose it is. None has a
// default: an address is the person's own, and a made-up one would send
// their policy to nobody. A script that lacks one is told so by the
// platform's form (exit 2, MissingError), as for the other people's
// details.
var emailKeys = []string{"insuredEmail", "applicantEmail", "ownerEmail"}

// groupOf places an answer given without a group in the form group the
// platform's underwriting form uses for it.
func groupOf(key string) string {
	switch {
	case key == "insuredaddresseeDetails":
		// The insured's ID card address: a delivery input in the tables.
		return "deliverInfo"
	case strings.HasPrefix(key, "insured"):
		return "insuredInfo"
	case strings.HasPrefix(key, "applicant"):
		return "applicantInfo"
	case strings.HasPrefix(key, "owner"):
		return "ownerInfo"
	case strings.HasPrefix(key, "addressee") || key == SendDateKey:
		return "deliverInfo"
	case key == "carPlace":
		return "CarThroughCity"
	case key == "pkIdEncryptions" || key == "prepresentnums" || key == "prePhoneNos" || key == "preAccountNumbers":
		return giftGroup
	case key == "ruleCode":
		return "addPresentPackage"
	}
	return ""
}

// isUnderwriteKey says whether a remembered input goes back in every 120.
// The owner's keys do not: ownerInputs sends the owner in ownerInfo,
// whatever group the earlier steps sent them in (vehicleInfo in 100).
func isUnderwriteKey(k string) bool {
	g := groupOf(k)
	return g != "" && g != "ownerInfo"
}

// underwrite sends 120 until the platform stops asking for people and
// address details.
func (f *Flow) underwrite(ctx context.Context, req IssueRequest, answers *Answers) error {
	s := f.Session
	if err := checkUnderwriteAnswers(answers, s, f.Client.Now()); err != nil {
		return continueIssue(err, s)
	}
	if s.TBOrderID == "" {
		s.TBOrderID = req.OrderID
		if s.TBOrderID == "" {
			s.TBOrderID = "TB" + s.ID
		}
	}
	chosen, err := f.chooseGifts(ctx, answers)
	if err != nil {
		return continueIssue(err, s)
	}
	today := f.today(req)
	var form []sunshine.Tags
	message := ""
	if s.Pending == "120" {
		form, message = s.Form, s.Message
	}
	for round := 0; ; round++ {
		var in []sunshine.Inputs
		if len(form) > 0 {
			if round == maxRounds {
				return continueIssue(MissingError(sunshine.TxnUnderwrite, message, MissingFields(form)), s)
			}
			var err error
			in, err = Fill(ctx, FillOptions{Now: f.Client.Now(), Transaction: sunshine.TxnUnderwrite, Form: form, Answers: answers, Asker: f.Asker, Lookups: f.Client,
				Required: true, Message: message, Defaults: ownerDefaults(s, today)})
			if err != nil {
				return continueIssue(err, s)
			}
		}
		extra := regroup(answers.Unused(nil))
		answers = nil
		spec := sunshine.RequestSpec{Transaction: sunshine.TxnUnderwrite,
			InputsList: Merge(ownerInputs(s), s.SentInputs(isUnderwriteKey), sendDateDefault(s, today), chosen, extra, in), Order: order(s, true)}
		resp, err := f.Send(ctx, spec)
		if err != nil {
			return err
		}
		if !resp.NeedsInput() {
			return nil
		}
		form, message = resp.TagsList, resp.Message()
		if f.Asker == nil {
			return continueIssue(MissingError(sunshine.TxnUnderwrite, message, MissingFields(form)), s)
		}
	}
}

// today is the request's day in China time, as the delivery date is
// written.
func (f *Flow) today(req IssueRequest) string {
	now := req.Now
	if now.IsZero() {
		now = f.Client.Now()
	}
	return Today(now)
}

// Today is t's date in China time, yyyy-MM-dd: the default delivery date.
func Today(t time.Time) string { return sunshine.FormatTime(t)[:len(SendDateLayout)] }

// sendDateDefault is the delivery group's sendDate when no earlier 120 of
// the session sent one; answers and form fills replace it (Merge).
func sendDateDefault(s *Session, today string) []sunshine.Inputs {
	if s.Input(SendDateKey) != "" {
		return nil
	}
	return []sunshine.Inputs{{Type: "deliverInfo", Inputs: []sunshine.Input{{Name: SendDateKey, Value: today}}}}
}

// checkUnderwriteAnswers refuses, before anything is sent, a delivery
// date not written yyyy-MM-dd, an e-mail address that is not one, a
// mobile number that is not one and an ID number that does not fit its
// ID type: every such answer at once.
func checkUnderwriteAnswers(answers *Answers, s *Session, now time.Time) error {
	bad := idAnswerErrors(answers, s)
	for _, x := range answers.List() {
		switch {
		case x.Key == SendDateKey:
			if _, err := time.Parse(SendDateLayout, x.Value); err != nil {
				bad = append(bad, failure.FieldError{Field: x.Field(),
					Rule:    fmt.Sprintf("%q is not a date in the format yyyy-MM-dd (the day the policy documents are to be delivered; left out, it is today)", x.Value),
					Example: "--set sendDate=2026-03-02"})
			}
		case isEmailKey(x.Key) && x.Value != "":
			if fe := validate.Email(x.Value); fe != nil {
				bad = append(bad, failure.FieldError{Field: x.Field(), Rule: fe.Rule, Example: "--set " + x.Key + "=zhang.san@example.com"})
			}
		default:
			// The rule a terminal checks as the answer is typed (the
			// people's mobile numbers as --mobile), not the platform's
			// form after sending.
			if e := keyRule(x.Key, x.Value, now); e != nil {
				bad = append(bad, failure.FieldError{Field: x.Field(), Rule: e.Rule, Example: "--set " + x.Key + "=" + e.Good})
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	e := failure.Invalid(sunshine.Provider, sunshine.TxnUnderwrite.Operation(), bad...)
	e.Message = fmt.Sprintf("%d answer(s) for underwriting (120) are malformed; nothing was sent", len(bad))
	return e
}

func isEmailKey(k string) bool { return slices.Contains(emailKeys, k) }

// ownerInputs is the ownerInfo group of the underwriting table (3.10.1),
// whose name, ID number, mobile and e-mail may not be empty: the owner
// as the earlier steps sent them (100, the vehicle form, an earlier 120).
// Answers and form fills given for the same keys replace these values
// (Merge); an e-mail nobody gave is left out, for the platform's form to
// ask.
func ownerInputs(s *Session) []sunshine.Inputs {
	g := sunshine.Inputs{Type: "ownerInfo"}
	for _, f := range [][2]string{{"ownerName", s.Owner}, {"ownerIdNo", ""}, {"ownerMobile", s.Mobile}, {"ownerEmail", ""}} {
		v := s.Input(f[0])
		if v == "" {
			v = f[1]
		}
		if v != "" {
			g.Inputs = append(g.Inputs, sunshine.Input{Name: f[0], Value: v})
		}
	}
	if len(g.Inputs) == 0 {
		return nil
	}
	return []sunshine.Inputs{g}
}

// ownerDefaults offers the owner's details where the form leaves a person
// empty: the owner usually insures and applies for their own car. They are
// only defaults for a person asked; a script must say so explicitly. The
// delivery date defaults to today.
func ownerDefaults(s *Session, today string) map[string]string {
	d := map[string]string{SendDateKey: today}
	for _, who := range []string{"insured", "applicant", "addressee"} {
		d[who+"Name"], d[who+"Mobile"] = s.Owner, s.Mobile
	}
	d["insuredIdNo"], d["applicantIdNo"] = s.Input("ownerIdNo"), s.Input("ownerIdNo")
	if e := s.Input("ownerEmail"); e != "" {
		d["insuredEmail"], d["applicantEmail"] = e, e
	}
	return d
}

// regroup places answers given without a group in the underwriting
// form's groups; the others keep their group and its place.
func regroup(groups []sunshine.Inputs) []sunshine.Inputs {
	var set groupSet
	for gi, slot := range slots(groups) {
		g := groups[gi]
		for _, in := range g.Inputs {
			if g.Type == "" {
				set.add(groupOf(in.Name), 0, in)
			} else {
				set.add(g.Type, slot, in)
			}
		}
	}
	return Merge(set.list())
}
