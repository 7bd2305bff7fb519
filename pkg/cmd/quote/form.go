package quote

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/mattn/go-runewidth"
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
	PromptCorrect   = "Correct the answers? (no: stop; nothing is sent)"
)

var beijing = time.FixedZone("CST", 8*3600)

type person struct{ name, id, birth, mobile, email string }

// answers are one round of the form, kept so that a round whose answers
// do not fit together is asked again pre-filled rather than empty.
type answers struct {
	policy  map[string]string // the policy, the holder and "same"
	insured map[string]string // nil when the holder is insured
	picked  []int             // indexes into Coverages
}

func askQuotation(opts *Options) ([]byte, error) {
	p := opts.Prompter()
	var product, channel string
	if s, err := opts.Settings(); err == nil {
		product, channel = s.Value(ebao.Provider, "product-id"), s.Value(ebao.Provider, "channel-code")
	}
	var prev *answers
	var bad []failure.FieldError
	shown := 0 // rows of the last complaint, still on the screen
	for {
		var a *answers
		var err error
		if prev != nil && onlyCoverages(bad) {
			// The one page to correct is the last: the answers before it
			// are kept as they are, not asked again from the first page.
			a = &answers{policy: prev.policy, insured: prev.insured}
			a.picked, err = p.MultiSelect(PromptCoverages, nil, Coverages)
		} else {
			a, err = askAnswers(opts, p, product, channel, prev)
		}
		// The complaint was about the answers just replaced: left on the
		// screen, it stayed above the form's second round and the
		// result, as if these answers did not fit either.
		eraseRows(opts, shown)
		shown = 0
		if err != nil {
			return nil, err
		}
		var body []byte
		body, bad = buildQuotation(a, channel)
		if len(bad) == 0 {
			return body, nil
		}
		if a.insured == nil {
			bad = dropInsuredEchoes(bad)
		}
		// Each answer passed its own check as it was typed; what is left
		// is answers that disagree with each other (a birth date and the
		// ID that carries another one) or the coverages. Say so, and ask
		// again with every answer kept.
		invalid := failure.Invalid(ebao.Provider, ebao.OpQuotation, bad...)
		lines := []string{"The answers do not fit together:"}
		for _, f := range bad {
			lines = append(lines, "  "+forForm(f))
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", opts.IO.ErrColorScheme().FailureIcon(), lines[0])
		lines[0] = "✗ " + lines[0]
		for _, l := range lines[1:] {
			fmt.Fprintln(opts.IO.ErrOut, l)
		}
		shown = rows(lines, output.TerminalWidth())
		again, err := p.Confirm(PromptCorrect, true)
		if err != nil {
			return nil, err
		}
		if !again {
			return nil, invalid
		}
		prev = a
	}
}

// onlyCoverages says whether every complaint in bad is about the
// coverages, which are asked on the last page.
func onlyCoverages(bad []failure.FieldError) bool {
	for _, f := range bad {
		if f.Field != "insuredObjects[0].componentSelection" {
			return false
		}
	}
	return len(bad) > 0
}

// rows is how many terminal rows lines take at width columns, a wide
// (CJK) character counting two.
func rows(lines []string, width int) int {
	n := 0
	for _, l := range lines {
		n += max(1, (runewidth.StringWidth(l)+width-1)/max(width, 1))
	}
	return n
}

// eraseRows clears the n rows above the cursor on a terminal: the prompts
// asked since they were written leave no lines of their own.
func eraseRows(opts *Options, n int) {
	if n > 0 && opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "\x1b[%dF\x1b[J", n)
	}
}

// insuredEcho maps each member of the insured person to the holder's
// member built from the same answer.
var insuredEcho = map[string]string{
	"policyInsuredPeople[0].ISP001": "policyHolder.PH001",
	"policyInsuredPeople[0].ISP003": "policyHolder.PH003",
	"policyInsuredPeople[0].ISP005": "policyHolder.PH006",
	"policyInsuredPeople[0].ISP011": "policyHolder.PH013",
	"policyInsuredPeople[0].ISP012": "policyHolder.PH015",
}

// dropInsuredEchoes leaves out, when the holder is the insured person,
// the insured person's copy of a problem the holder's answers already
// show: one answer is wrong once, and the form asked about one person.
func dropInsuredEchoes(bad []failure.FieldError) []failure.FieldError {
	listed := map[string]bool{}
	for _, f := range bad {
		listed[f.Field] = true
	}
	out := bad[:0:0]
	for _, f := range bad {
		if h, ok := insuredEcho[f.Field]; ok && listed[h] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// insuredKey prefixes the insured person's answers in the form they
// share with the holder's, whose keys are the same.
const insuredKey = "insured."

// askAnswers asks one round; prev, when set, pre-fills every question
// with its previous answer.
func askAnswers(opts *Options, p prompter.Prompter, product, channel string, prev *answers) (*answers, error) {
	was := func(m map[string]string, key, def string) string {
		if prev == nil {
			return def
		}
		return m[key]
	}
	var pol map[string]string
	if prev != nil {
		pol = prev.policy
	}
	// One form for the policy and its holder: separate terminal programs
	// would lose keys typed ahead between them.
	qs := []prompter.Question{{Key: "product", Label: PromptProduct, Default: was(pol, "product", product), Group: "Policy", Example: "UbwoOpjMjt:1",
		Validate: check(required("a product id is required (it comes with the eBao agreement)", "UbwoOpjMjt:1"))}}
	if channel == "" {
		qs = append(qs, prompter.Question{Key: "channel", Label: PromptChannel, Default: was(pol, "channel", ""), Group: "Policy", Example: "AXA_TP",
			Validate: check(required("a channel code is required (it comes with the eBao agreement)", "AXA_TP"))})
	}
	qs = append(qs,
		prompter.Question{Key: "effective", Label: PromptEffective, Example: opts.Now().In(beijing).AddDate(0, 0, 1).Format("2006-01-02"), Default: was(pol, "effective", opts.Now().In(beijing).AddDate(0, 0, 1).Format("2006-01-02")), Group: "Policy",
			Validate: checkNarrowed(notBefore(opts.Now(), effectiveDate))},
		prompter.Question{Key: "term", Label: PromptTerm, Default: was(pol, "term", "12"), Group: "Policy", Example: "12", Validate: checkNarrowed(termMonths)},
		prompter.Question{Key: "plate", Label: PromptPlate, Default: was(pol, "plate", ""), Group: "Policy", Example: "京A12345", Validate: checkNarrowed(optional(plate))})
	qs = append(qs, personQuestions("Holder", pol)...)
	qs = append(qs, prompter.Question{Key: "same", Label: PromptSame, Default: was(pol, "same", "yes"), Options: []string{"yes", "no"}, Group: "Holder"})
	// The insured person's page is in the same form, asked only after
	// "no": as a second form, run once the first was done, it could not
	// go back to the holder's page (shift+tab) to correct an answer.
	var ins map[string]string
	if prev != nil {
		ins = prev.insured
	}
	for _, q := range personQuestions("Insured", ins) {
		q.Key = insuredKey + q.Key
		q.Only = func(got map[string]string) bool { return got["same"] == "no" }
		qs = append(qs, q)
	}
	a := &answers{}
	var err error
	if a.policy, err = prompter.AskAll(p, qs); err != nil {
		return nil, err
	}
	if a.policy["same"] == "no" {
		a.insured = map[string]string{}
		for k, v := range a.policy {
			if rest, ok := strings.CutPrefix(k, insuredKey); ok {
				a.insured[rest] = v
				delete(a.policy, k)
			}
		}
	}
	defs := Coverages
	if prev != nil {
		defs = nil
		for _, i := range prev.picked {
			if i >= 0 && i < len(Coverages) {
				defs = append(defs, Coverages[i])
			}
		}
	}
	if a.picked, err = p.MultiSelect(PromptCoverages, defs, Coverages); err != nil {
		return nil, err
	}
	return a, nil
}

// buildQuotation turns one round's answers into the request, or lists
// every field that is wrong: the form's own checks together with the
// provider's, so one round shows everything to correct.
func buildQuotation(a *answers, channel string) ([]byte, []failure.FieldError) {
	if a.policy["channel"] != "" {
		channel = a.policy["channel"]
	}
	var bad []failure.FieldError
	holder := personFrom(a.policy)
	insured := holder
	if a.insured != nil {
		insured = personFrom(a.insured)
	}
	req := ebao.QuotationRequest{ChannelCode: strings.TrimSpace(channel), ProductID: strings.TrimSpace(a.policy["product"])}
	effective := narrow(a.policy["effective"])
	efe := effectiveDate(effective)
	if efe != nil {
		bad = append(bad, failure.FieldError{Field: "effectiveDate", Rule: efe.Rule, Example: efe.Example})
	}
	term := narrow(a.policy["term"])
	tfe := termMonths(term)
	if tfe != nil {
		bad = append(bad, failure.FieldError{Field: "expiredDate", Rule: tfe.Rule, Example: tfe.Example})
	}
	if efe == nil && tfe == nil {
		eff, _ := time.ParseInLocation("2006-01-02", effective, beijing)
		months, _ := strconv.Atoi(term)
		// Cover from 00:00 on the first day to the last second before the
		// same day term months later, as policies are usually written.
		req.EffectiveDate = ebao.FormatDate(eff)
		req.ExpiredDate = ebao.FormatDate(eff.AddDate(0, months, 0).Add(-time.Second))
	}
	req.PolicyHolder = ebao.PolicyHolder{Name: holder.name, IDType: ebao.IDResident, IDNumber: holder.id,
		BirthDate: birth(holder, "policyHolder.PH003", &bad), Mobile: holder.mobile, Email: holder.email}
	req.PolicyInsuredPeople = []ebao.InsuredPerson{{Name: insured.name, IDType: ebao.IDResident, IDNumber: insured.id,
		BirthDate: birth(insured, "policyInsuredPeople[0].ISP003", &bad), Mobile: insured.mobile, Email: insured.email}}
	obj := ebao.InsuredObject{Name: "Vehicle owner", Code: "Veh_Owner", Type: "Person", PlanCode: "Plan_1",
		ComponentSelection: map[string]bool{coverageGroup: true}}
	if pl := narrow(a.policy["plate"]); pl != "" {
		if fe := plate(pl); fe != nil {
			bad = append(bad, failure.FieldError{Field: "insuredObjects[0].factor_table.P041", Rule: fe.Rule, Example: fe.Example})
		}
		q, _ := json.Marshal(pl)
		obj.FactorTable = map[string]json.RawMessage{"P041": q}
	}
	for _, c := range Coverages {
		obj.ComponentSelection[c] = false
	}
	chosen := 0
	for _, i := range a.picked {
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
		return nil, append(bad, failure.FieldError{Field: "request", Rule: err.Error()})
	}
	body = append(body, '\n')
	// The form holds its answers to what its questions check (the check
	// character, a mainland mobile): what a file would only be warned of
	// (a birth date the ID disagrees with) is corrected here too. A real
	// date at characters 7-14 before 1900 or in the future is not: it
	// meets the document's rule, and is sent with the warning a file
	// gets (eBao's only warning on an ID whose date is such).
	sentAsGiven := map[string]bool{
		"policyHolder.PH006":            implausibleIDDate(holder.id),
		"policyInsuredPeople[0].ISP005": implausibleIDDate(insured.id),
	}
	checked, verr := ebao.CheckQuotation(body)
	var found []failure.FieldError
	var fe *failure.Error
	if errors.As(verr, &fe) {
		found = fe.Fields
	} else if checked != nil {
		for _, w := range checked.Warnings {
			if !sentAsGiven[w.Field] {
				found = append(found, w)
			}
		}
	}
	seen := map[string]bool{}
	for _, b := range bad {
		seen[b.Field] = true
	}
	for _, f := range found {
		if !seen[f.Field] {
			bad = append(bad, f)
		}
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return body, nil
}

// personQuestions asks for one party, pre-filled from prev when it is set.
// An empty birth date is taken from the resident ID, which carries it.
func personQuestions(who string, prev map[string]string) []prompter.Question {
	return []prompter.Question{
		{Key: "name", Label: who + " name", Default: prev["name"], Group: who, Example: "Zhang San",
			Validate: check(required("a name is required, as on the ID card", "Zhang San"))},
		{Key: "id", Label: who + " resident ID number", Default: prev["id"], Group: who, Example: "11010519491231002X", Validate: checkNarrowed(residentID)},
		{Key: "birth", Label: who + " birth date (YYYY-MM-DD, empty: from the ID)", Default: prev["birth"], Group: who, Example: "1949-12-31", Validate: checkNarrowed(optional(birthDate))},
		{Key: "mobile", Label: who + " mobile (optional)", Default: prev["mobile"], Group: who, Example: "13800138000", Validate: checkNarrowed(optional(validate.Mobile))},
		{Key: "email", Label: who + " e-mail (optional)", Default: prev["email"], Group: who, Example: "zhang.san@example.com", Validate: checkNarrowed(optional(validate.Email))},
	}
}

func personFrom(a map[string]string) person {
	// Every answer but the name is ASCII by its rule: narrowed, as the
	// form's checks read it.
	pr := person{name: strings.TrimSpace(a["name"]), id: strings.ToUpper(narrow(a["id"])), birth: narrow(a["birth"]),
		mobile: narrow(a["mobile"]), email: narrow(a["email"])}
	if pr.birth == "" {
		// Any date the ID carries but one in the future, which no birth
		// date can be.
		if d, err := validate.ResidentIDDate(pr.id); err == nil && !d.After(time.Now()) {
			pr.birth = d.Format("2006-01-02")
		}
	}
	return pr
}

// implausibleIDDate says whether characters 7-14 of id are a real date
// that is no plausible birth date (before 1900 or in the future).
func implausibleIDDate(id string) bool {
	_, dateErr := validate.ResidentIDDate(id)
	_, birthErr := validate.ResidentIDBirthDate(id)
	return dateErr == nil && birthErr != nil
}

// birth writes a YYYY-MM-DD answer the way the document does; a bad one is
// reported under the member it would fill.
func birth(p person, field string, bad *[]failure.FieldError) string {
	if p.birth == "" {
		return ""
	}
	if fe := birthDate(p.birth); fe != nil {
		*bad = append(*bad, failure.FieldError{Field: field, Rule: fe.Rule, Example: fe.Example})
		return ""
	}
	d, _ := time.Parse("2006-01-02", p.birth)
	return d.Format("2006-01-02") + "T00:00:00.000Z"
}

// offerSave writes the built request where the user says, so the next run
// (or insure issue) can use -f. It returns the path, or "" when not saved.
// A path that cannot be written, or an existing file the user would not
// overwrite, is asked again (empty: don't save): the answers behind the
// request are not thrown away over a typo in a path or a name taken.
func offerSave(opts *Options, body []byte) (string, error) {
	path := ""
	declined, failed := 0, 0
	for {
		var err error
		if path, err = opts.Prompter().Input(PromptSave, path); err != nil {
			return "", err
		}
		if path = expandHome(strings.TrimSpace(path)); path == "" {
			return "", nil
		}
		if _, err := os.Stat(path); err == nil {
			ok, err := opts.Prompter().Confirm("Overwrite "+path+"?", false)
			if err != nil {
				return "", err
			}
			if !ok {
				// Another name, not the request, is what is wanted.
				if declined++; declined == 3 {
					fmt.Fprintf(opts.IO.ErrOut, "Not saved.\n")
					return "", nil
				}
				fmt.Fprintf(opts.IO.ErrOut, "Not overwritten: give another path (empty: don't save).\n")
				continue
			}
		}
		// The request holds personal data (names, ID numbers): owner-only.
		err = config.WriteFileAtomic(path, body, 0o600)
		if err == nil {
			fmt.Fprintf(opts.IO.ErrOut, "%s Saved the request to %s\n", opts.IO.ErrColorScheme().SuccessIcon(), path)
			return path, nil
		}
		if failed++; failed == 3 {
			return "", &failure.Error{Kind: failure.Unexpected, Message: "saving the request: " + err.Error(), Hint: "nothing was sent; choose another path"}
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s Could not save the request: %v\n", opts.IO.ErrColorScheme().FailureIcon(), err)
	}
}

// expandHome reads a leading ~/ as the home directory, as a shell would:
// the path is typed into a form, not a shell.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}
