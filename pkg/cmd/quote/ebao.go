package quote

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
)

// Record is what the local store keeps for a quotation (kind "quotation"),
// so support can find what was quoted from its number alone.
type Record struct {
	QuotationNumber string          `json:"quotationNumber"`
	Fee             *ebao.Fee       `json:"fee,omitempty"`
	Request         json.RawMessage `json:"request"`
}

// recordJSON is Record{resp's number and fee, body} as JSON. A one-line
// body (every --batch line) is spliced in as it is, since it was validated
// as a JSON object; json.Marshal would compact it, a copy of every request
// a batch quotes. A body over several lines (a pretty file) is compacted.
func recordJSON(resp *ebao.QuotationResponse, body []byte) []byte {
	body = bytes.TrimSpace(body)
	if bytes.IndexByte(body, '\n') >= 0 {
		rec, _ := json.Marshal(Record{QuotationNumber: resp.QuotationNumber, Fee: resp.Fee, Request: json.RawMessage(body)})
		return rec
	}
	head, _ := json.Marshal(Record{QuotationNumber: resp.QuotationNumber, Fee: resp.Fee, Request: json.RawMessage("0")})
	head = bytes.TrimSuffix(head, []byte(`0}`))
	return append(append(head, body...), '}')
}

// FeeNames says what each fee code means, in the order the table shows
// them: what the customer pays first.
var FeeNames = []struct{ Code, Meaning string }{
	{"APP", "premium payable"},
	{"SGP", "standard gross premium"},
	{"SNP", "standard net premium"},
	{"AGP", "adjusted gross premium"},
	{"ANP", "adjusted net premium"},
	{"COMMISSION", "channel commission"},
}

func feeValue(f *ebao.Fee, code string) string {
	if f == nil {
		return ""
	}
	v := map[string]ebao.Amount{"APP": f.APP, "SGP": f.SGP, "SNP": f.SNP, "AGP": f.AGP, "ANP": f.ANP, "COMMISSION": f.Commission}[code]
	return v.String()
}

func runEbao(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	var body []byte
	interactive := false
	switch {
	case opts.File != "":
		body, err = shared.Body(opts.IO, opts.File, opts.Sets)
	case opts.IO.CanPrompt():
		interactive = true
		body, err = askQuotation(opts)
		if err == nil && len(opts.Sets) > 0 {
			body, err = shared.ApplySets(body, opts.Sets)
		}
	default:
		return &failure.Error{Kind: failure.Usage, Provider: ebao.Provider, Operation: ebao.OpQuotation,
			Message: "-f is required when not running interactively",
			Hint:    "start from an example: insure example ebao quote > quote.json, then -f quote.json (or -f - to read stdin)"}
	}
	if err != nil {
		return err
	}
	shared.WarnUndocumentedSets(opts.IO.ErrOut, opts.Sets, ebao.QuotationMember)
	var checked *ebao.Checked
	if opts.Decoded != nil {
		checked, err = ebao.CheckQuotationDecoded(body, opts.Decoded)
	} else {
		checked, err = ebao.CheckQuotation(body)
	}
	if err != nil {
		return err
	}
	if w := pastStart(opts, body); w != nil {
		checked.Warnings = append(checked.Warnings, *w)
	}
	shared.WarnFields(opts.IO, ebao.OpQuotation, checked.Warnings)
	file := opts.File
	if interactive {
		if file, err = offerSave(opts, body); err != nil {
			return err
		}
	}
	c, prof, err := opts.EbaoClient()
	if err != nil {
		return err
	}
	resp, err := c.QuoteChecked(ctx, checked)
	if err != nil {
		return shared.ShowUntrusted(opts.IO, oo, err)
	}
	shared.Warn(opts.IO, ebao.OpQuotation, resp.Warnings)
	if st, serr := opts.Store(); serr == nil {
		rec := recordJSON(resp, body)
		st.NoteRecord(ctx, store.Record{Profile: prof.Name, Provider: ebao.Provider, Kind: "quotation", ID: resp.QuotationNumber, Body: rec})
	}
	if err := output.Print(opts.IO.Out, oo, output.Result{Data: resp, Raw: resp.Raw, XMLRoot: "quotation", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("quotation number", resp.QuotationNumber)
		for _, f := range FeeNames {
			v := feeValue(resp.Fee, f.Code)
			if v == "" {
				v = "-"
			}
			kv.Add(fmt.Sprintf("%s (%s)", f.Meaning, f.Code), v)
		}
		return kv.Render(w)
	}}); err != nil {
		return err
	}
	if opts.IO.IsStderrTTY() {
		cs := opts.IO.ErrColorScheme()
		switch {
		case interactive && file == "":
			// Nothing was saved: there is no file for insure issue -f to
			// name, and a hint naming one would fail when pasted.
			fmt.Fprintf(opts.IO.ErrOut, "%s Quoted %s. The request was not saved, and insure issue needs it (-f): to buy, quote again and give a path when asked to save the request.\n",
				cs.SuccessIcon(), resp.QuotationNumber)
		case !interactive && file == "-":
			fmt.Fprintf(opts.IO.ErrOut, "%s Quoted. To buy it, send the same request: ... | %s\n",
				cs.SuccessIcon(), opts.Hint.Command(issueWords("-", resp.QuotationNumber, opts.Sets)...))
		default:
			if file == "-" {
				file = "./-" // a file saved under the name "-", not stdin
			}
			var sets []string
			if !interactive {
				// The form saved its answers with the --set changes
				// applied; a file given with -f still lacks them.
				sets = opts.Sets
			}
			fmt.Fprintf(opts.IO.ErrOut, "%s Quoted. To buy it: %s\n",
				cs.SuccessIcon(), opts.Hint.Command(issueWords(file, resp.QuotationNumber, sets)...))
		}
	}
	return nil
}

// issueWords is the issue command that buys what was quoted: the same
// file with the same --set changes, since the service issues a quotation
// only for the request it priced (a file issued without them is refused
// as differing from the quotation).
func issueWords(file, quotation string, sets []string) []string {
	words := []string{"issue", "--provider", ebao.Provider, "-f", file}
	for _, s := range sets {
		words = append(words, "--set", s)
	}
	return append(words, "--quote", quotation)
}

// pastStart warns of a policy that starts before today in Beijing: the
// form refuses one, but a file (-f, --batch) went out without a word, and
// the answer's "must not be in the past" did not say that the day is
// Beijing's, which a user whose own date was still yesterday could not
// see. Only a warning: the document states no such rule, and its own
// examples are dated 2015.
func pastStart(opts *Options, body []byte) *failure.FieldError {
	var eff string
	if opts.Decoded != nil {
		eff, _ = opts.Decoded["effectiveDate"].(string)
	} else {
		var b struct {
			EffectiveDate string `json:"effectiveDate"`
		}
		_ = json.Unmarshal(body, &b)
		eff = b.EffectiveDate
	}
	day := ebao.BeijingDay(eff)
	now := opts.Now().In(beijing)
	today := now.Format("2006-01-02")
	if day == "" || day >= today {
		return nil
	}
	return &failure.FieldError{Field: "effectiveDate",
		Rule:    fmt.Sprintf("the policy starts %s, before today (%s in Beijing, UTC+8): eBao refuses a policy that starts in the past", day, today),
		Example: now.AddDate(0, 0, 1).Format("2006-01-02") + "T00:00:00+08:00"}
}
