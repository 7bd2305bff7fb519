package issue

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/ebaosettle"
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
)

// Record is what the local store keeps for a policy (kind "policy").
type Record struct {
	PolicyNumber    string `json:"policyNumber"`
	Status          string `json:"status,omitempty"`
	QuotationNumber string `json:"quotationNumber,omitempty"`
	ProductID       string `json:"productId,omitempty"`
	EffectiveDate   string `json:"effectiveDate,omitempty"`
	ExpiredDate     string `json:"expiredDate,omitempty"`
	Holder          string `json:"holder,omitempty"`
}

func runEbao(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	body, err := shared.Body(opts.IO, opts.File, opts.Sets)
	if err != nil {
		return err
	}
	shared.WarnUndocumentedSets(opts.IO.ErrOut, opts.Sets, ebao.IssuanceMember)
	if body, err = withQuote(body, opts.Quote); err != nil {
		return err
	}
	checked, err := ebao.CheckIssuance(body)
	if err != nil {
		return err
	}
	shared.WarnFields(opts.IO, ebao.OpIssuance, checked.Warnings)
	var req ebao.IssuanceRequest
	_ = json.Unmarshal(body, &req) // validated above
	if req.QuotationNumber == "" {
		fmt.Fprintf(opts.IO.ErrOut, "%s the body has no quotationNumber; eBao issues quotations, so it will probably refuse this (pass --quote)\n",
			opts.IO.ErrColorScheme().WarningIcon())
	}
	c, prof, err := opts.EbaoClient()
	if err != nil {
		return err
	}
	if !opts.DryRun {
		question := describe(req, quotedPremium(opts, prof.Name, req.QuotationNumber))
		if err := failure.Naming(cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, question), ebao.Provider, ebao.OpIssuance); err != nil {
			return err
		}
	}
	sent := time.Now() // the transport's clock, which times the journal's row
	resp, err := c.IssueChecked(ctx, checked)
	if err != nil {
		howToCheck(err, opts, prof.Name, req.QuotationNumber)
		if !opts.DryRun {
			st, _ := opts.Store()
			ebaosettle.Issuance(ctx, st, prof.Name, req.QuotationNumber, sent, err)
		}
		return shared.ShowUntrusted(opts.IO, oo, err)
	}
	shared.Warn(opts.IO, ebao.OpIssuance, resp.Warnings)
	if st, serr := opts.Store(); serr == nil {
		rec, _ := json.Marshal(Record{PolicyNumber: resp.PolicyNumber, Status: resp.Status, QuotationNumber: req.QuotationNumber,
			ProductID: req.ProductID, EffectiveDate: req.EffectiveDate, ExpiredDate: req.ExpiredDate, Holder: req.PolicyHolder.Name})
		st.NoteRecord(ctx, store.Record{Profile: prof.Name, Provider: ebao.Provider, Kind: "policy", ID: resp.PolicyNumber, Body: rec})
		if req.QuotationNumber != "" {
			// eBao issues a quotation once: an earlier issuance of it
			// whose outcome was unknown issued nothing.
			_, _ = st.Settle(ctx, store.Settlement{Profile: prof.Name, Provider: ebao.Provider, Operation: ebao.OpIssuance,
				Key: req.QuotationNumber, Outcome: store.OutcomeFailed, By: "re-run"})
		}
	}
	if err := cmdutil.PrintActResult(opts.IO, oo, output.Result{Data: resp, Raw: resp.Raw, XMLRoot: "issuance", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("policy number", resp.PolicyNumber)
		kv.Add("status", resp.Status)
		if req.QuotationNumber != "" {
			kv.Add("quotation number", req.QuotationNumber)
		}
		return kv.Render(w)
	}}, "issued policy "+resp.PolicyNumber); err != nil {
		return err
	}
	if opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "%s Issued. To cancel it: %s\n",
			opts.IO.ErrColorScheme().SuccessIcon(), opts.Hint.Command("cancel", "--provider", ebao.Provider, resp.PolicyNumber))
	}
	return nil
}

// howToCheck gives an issuance whose outcome is unknown (the answer was
// lost, cut short by Ctrl-C, or failed verification) the command that
// settles it. Sending the same issuance again is how: eBao issues a
// quotation once and refuses it afterwards, naming the policy (see
// docs/providers/ebao.md), so a repeat cannot buy a second policy. It
// replaces the provider's hint, which says to ask eBao before sending
// again: both in one hint told the user to repeat and not to repeat.
func howToCheck(err error, opts *Options, profile, quotation string) {
	var fe *failure.Error
	if quotation == "" || !errors.As(err, &fe) || !fe.Unknown {
		return
	}
	words := []string{"issue", "--provider", ebao.Provider, "-f", opts.File}
	for _, s := range opts.Sets {
		words = append(words, "--set", s)
	}
	// --yes: the command is pasted into a script as often as a terminal.
	rerun := "`" + opts.Hint.Command(append(words, "--quote", quotation, "--yes")...) + "`"
	if opts.File == "-" {
		rerun = "the same request piped to " + rerun
	}
	fe.Hint = fmt.Sprintf("the policy may have been issued: to settle it, issue quotation %s again with %s: "+
		"eBao refuses a quotation that is already a policy (exit 4, naming the policy) and issues it otherwise; "+
		"`insure -p %s find %s` shows what was sent",
		quotation, rerun, profile, quotation)
}

// quotedPremium is the premium payable (APP) this machine's quotation
// record holds for quotation, "" when it has none (quoted elsewhere).
func quotedPremium(opts *Options, profile, quotation string) string {
	if quotation == "" || opts.Store == nil {
		return ""
	}
	st, err := opts.Store()
	if err != nil {
		return ""
	}
	rec, err := st.GetRecord(opts.Ctx, profile, ebao.Provider, "quotation", quotation)
	if err != nil {
		return ""
	}
	var q struct {
		Fee *ebao.Fee `json:"fee"`
	}
	if json.Unmarshal(rec.Body, &q) != nil || q.Fee == nil {
		return ""
	}
	return q.Fee.APP.String()
}

// withQuote fills in the quotation number from --quote when the body has
// none. A body naming a different quotation is refused: guessing which of
// the two the user meant could issue the wrong policy.
func withQuote(body []byte, quote string) ([]byte, error) {
	if quote == "" {
		return body, nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return body, nil // not an object: validation names the problem
	}
	if raw, ok := top["quotationNumber"]; ok && string(raw) != "null" {
		var have string
		isStr := json.Unmarshal(raw, &have) == nil
		if isStr && have == quote {
			return body, nil
		}
		if isStr && strings.TrimSpace(have) == "" {
			// A template's empty placeholder names no quotation: fill it
			// in, as for null, rather than refuse a conflict there is not.
			return fillQuote(body, quote)
		}
		return nil, &failure.Error{Kind: failure.Usage, Provider: ebao.Provider, Operation: ebao.OpIssuance,
			Message: fmt.Sprintf("the body's quotationNumber is %s but --quote says %s; nothing was sent", raw, quote),
			Hint:    "drop --quote to issue the body's quotation, or correct the body"}
	}
	return fillQuote(body, quote)
}

// fillQuote sets the body's quotationNumber to quote, changing no other byte.
func fillQuote(body []byte, quote string) ([]byte, error) {
	out, err := ebao.WithQuotationNumber(body, quote)
	if err != nil {
		return nil, &failure.Error{Kind: failure.Usage, Provider: ebao.Provider, Operation: ebao.OpIssuance, Message: "--quote: " + err.Error()}
	}
	return out, nil
}

// describe is the question that commits the customer: what is issued,
// for whom, and, when this machine quoted it, at what premium.
func describe(r ebao.IssuanceRequest, premium string) string {
	s := "Issue a policy"
	if r.QuotationNumber != "" {
		s += " from quotation " + r.QuotationNumber
	}
	s += " for " + r.PolicyHolder.Name
	if len(r.PolicyInsuredPeople) == 1 && r.PolicyInsuredPeople[0].Name != r.PolicyHolder.Name {
		// A holder who is not the insured person: the one covered.
		s += ", insuring " + r.PolicyInsuredPeople[0].Name
	}
	s += " (product " + r.ProductID
	if from, to := ebao.BeijingDay(r.EffectiveDate), ebao.BeijingDay(r.ExpiredDate); from != "" && to != "" {
		// Beijing's days, named so: west of UTC+8 the start read a day
		// late, as if the prompt had the dates wrong.
		s += ", " + from + " to " + to + " Beijing time"
	}
	if premium != "" {
		s += ", premium payable " + premium + " yuan as quoted"
	}
	return s + ")?"
}
