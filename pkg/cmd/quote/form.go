package quote

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/ebao"
)

// The form covers the common case (one resident-ID holder, one insured
// person, one vehicle, Plan_1); anything else starts from
// `insure example ebao quote` and -f. It derives what it can (the birth
// date from the resident ID).

// Coverages are the choices offered; Veh_Owner_Guard is their group and is
// always selected, as the service refuses a coverage without its group.
var Coverages = []string{"ACC_BUR_WEB", "ACC_DEATH", "ACC_DIS", "ACC_BURN"}

const coverageGroup = "Veh_Owner_Guard"

// Prompt labels, shared with the tests that answer them.
const (
	PromptProduct   = "Product id"
	PromptChannel   = "Channel code"
	PromptEffective = "Effective date (YYYY-MM-DD, Beijing)"
	PromptTerm      = "Term in months (1-12)"
	PromptSame      = "Is the insured person the policy holder?"
	PromptPlate     = "Vehicle plate (optional)"
	PromptCoverages = "Coverages"
	PromptSave      = "Save this request to a file? Path (empty: don't save)"
)

var beijing = time.FixedZone("CST", 8*3600)

type person struct{ name, id, birth, mobile, email string }

func askQuotation(opts *Options) ([]byte, error) {
	p := opts.Prompter()
	var product, channel string
	if s, err := opts.Settings(); err == nil {
		product, channel = s.Value(ebao.Provider, "product-id"), s.Value(ebao.Provider, "channel-code")
	}
	// One form for the policy and its holder: separate terminal programs
	// would lose keys typed ahead between them.
	qs := []prompter.Question{{Key: "product", Label: PromptProduct, Default: product, Group: "Policy"}}
	if channel == "" {
		qs = append(qs, prompter.Question{Key: "channel", Label: PromptChannel, Group: "Policy"})
	}
	qs = append(qs,
		prompter.Question{Key: "effective", Label: PromptEffective, Default: opts.Now().In(beijing).AddDate(0, 0, 1).Format("2006-01-02"), Group: "Policy"},
		prompter.Question{Key: "term", Label: PromptTerm, Default: "12", Group: "Policy"},
		prompter.Question{Key: "plate", Label: PromptPlate, Group: "Policy"})
	qs = append(qs, personQuestions("Holder")...)
	qs = append(qs, prompter.Question{Key: "same", Label: PromptSame, Default: "yes", Options: []string{"yes", "no"}, Group: "Holder"})
	a, err := prompter.AskAll(p, qs)
	if err != nil {
		return nil, err
	}
	if a["channel"] != "" {
		channel = a["channel"]
	}
	var bad []failure.FieldError
	holder := personFrom(a)
	insured := holder
	if a["same"] == "no" {
		b, err := prompter.AskAll(p, personQuestions("Insured"))
		if err != nil {
			return nil, err
		}
		insured = personFrom(b)
	}
	plate := a["plate"]
	picked, err := p.MultiSelect(PromptCoverages, Coverages, Coverages)
	if err != nil {
		return nil, err
	}

	req := ebao.QuotationRequest{ChannelCode: strings.TrimSpace(channel), ProductID: strings.TrimSpace(a["product"])}
	eff, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(a["effective"]), beijing)
	if err != nil {
		bad = append(bad, failure.FieldError{Field: "effectiveDate", Rule: fmt.Sprintf("must be a date YYYY-MM-DD (got %q)", a["effective"]), Example: "2027-01-16"})
	}
	term, terr := strconv.Atoi(strings.TrimSpace(a["term"]))
	if terr != nil || term < 1 || term > 12 {
		bad = append(bad, failure.FieldError{Field: "expiredDate", Rule: fmt.Sprintf("the term must be a number of months 1-12 (got %q)", a["term"]), Example: "12"})
	}
	if err == nil && terr == nil {
		// Cover from 00:00 on the first day to the last second before the
		// same day term months later, as policies are usually written.
		req.EffectiveDate = ebao.FormatDate(eff)
		req.ExpiredDate = ebao.FormatDate(eff.AddDate(0, term, 0).Add(-time.Second))
	}
	req.PolicyHolder = ebao.PolicyHolder{Name: holder.name, IDType: ebao.IDResident, IDNumber: holder.id,
		BirthDate: birth(holder, "policyHolder.PH003", &bad), Mobile: holder.mobile, Email: holder.email}
	req.PolicyInsuredPeople = []ebao.InsuredPerson{{Name: insured.name, IDType: ebao.IDResident, IDNumber: insured.id,
		BirthDate: birth(insured, "policyInsuredPeople[0].ISP003", &bad), Mobile: insured.mobile, Email: insured.email}}
	obj := ebao.InsuredObject{Name: "Vehicle owner", Code: "Veh_Owner", Type: "Person", PlanCode: "Plan_1",
		ComponentSelection: map[string]bool{coverageGroup: true}}
	if plate = strings.TrimSpace(plate); plate != "" {
		if fe := validate.Plate(plate, true); fe != nil {
			bad = append(bad, failure.FieldError{Field: "insuredObjects[0].factor_table.P041", Rule: fe.Rule, Example: fe.Example})
		}
		q, _ := json.Marshal(plate)
		obj.FactorTable = map[string]json.RawMessage{"P041": q}
	}
	for _, c := range Coverages {
		obj.ComponentSelection[c] = false
	}
	chosen := 0
	for _, i := range picked {
		if i >= 0 && i < len(Coverages) {
			obj.ComponentSelection[Coverages[i]] = true
			chosen++
		}
	}
	if chosen == 0 {
		// The group alone passes the document's rule but prices nothing.
		bad = append(bad, failure.FieldError{Field: "insuredObjects[0].componentSelection", Rule: "select at least one coverage", Example: strings.Join(Coverages, ", ")})
	}
	req.InsuredObjects = []ebao.InsuredObject{obj}
	body, err := json.MarshalIndent(req, "", "  ")
	if err != nil {
		return nil, err
	}
	body = append(body, '\n')
	// Report the form's own problems together with the provider's checks,
	// so one run shows everything to correct.
	if verr := ebao.ValidateQuotation(body); verr != nil || len(bad) > 0 {
		var fe *failure.Error
		if errors.As(verr, &fe) {
			seen := map[string]bool{}
			for _, b := range bad {
				seen[b.Field] = true
			}
			for _, f := range fe.Fields {
				if !seen[f.Field] {
					bad = append(bad, f)
				}
			}
		}
		return nil, failure.Invalid(ebao.Provider, ebao.OpQuotation, bad...)
	}
	return body, nil
}

// personQuestions asks for one party. An empty birth date is taken from
// the resident ID, which carries it.
func personQuestions(who string) []prompter.Question {
	return []prompter.Question{
		{Key: "name", Label: who + " name", Group: who},
		{Key: "id", Label: who + " resident ID number", Group: who},
		{Key: "birth", Label: who + " birth date (YYYY-MM-DD, empty: from the ID)", Group: who},
		{Key: "mobile", Label: who + " mobile (optional)", Group: who},
		{Key: "email", Label: who + " e-mail (optional)", Group: who},
	}
}

func personFrom(a map[string]string) person {
	t := func(k string) string { return strings.TrimSpace(a[k]) }
	pr := person{name: t("name"), id: strings.ToUpper(t("id")), birth: t("birth"), mobile: t("mobile"), email: t("email")}
	if pr.birth == "" {
		if d, err := validate.ResidentIDBirthDate(pr.id); err == nil {
			pr.birth = d.Format("2006-01-02")
		}
	}
	return pr
}

// birth writes a YYYY-MM-DD answer the way the document does; a bad one is
// reported under the member it would fill.
func birth(p person, field string, bad *[]failure.FieldError) string {
	if p.birth == "" {
		return ""
	}
	d, err := time.Parse("2006-01-02", p.birth)
	if err != nil {
		*bad = append(*bad, failure.FieldError{Field: field, Rule: fmt.Sprintf("must be a date YYYY-MM-DD (got %q)", p.birth), Example: "1990-01-01"})
		return ""
	}
	return d.Format("2006-01-02") + "T00:00:00.000Z"
}

// offerSave writes the built request where the user says, so the next run
// (or insure issue) can use -f. It returns the path, or "" when not saved.
func offerSave(opts *Options, body []byte) (string, error) {
	path, err := opts.Prompter().Input(PromptSave, "")
	if err != nil {
		return "", err
	}
	if path = strings.TrimSpace(path); path == "" {
		return "", nil
	}
	if _, err := os.Stat(path); err == nil {
		ok, err := opts.Prompter().Confirm("Overwrite "+path+"?", false)
		if err != nil {
			return "", err
		}
		if !ok {
			fmt.Fprintf(opts.IO.ErrOut, "Not saved.\n")
			return "", nil
		}
	}
	// The request holds personal data (names, ID numbers): owner-only.
	if err := config.WriteFileAtomic(path, body, 0o600); err != nil {
		return "", &failure.Error{Kind: failure.Unexpected, Message: "saving the request: " + err.Error(), Hint: "nothing was sent; choose another path"}
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Saved the request to %s\n", opts.IO.ErrColorScheme().SuccessIcon(), path)
	return path, nil
}
