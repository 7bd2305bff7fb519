package cancel

import (
	"context"
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

// Record is what the local store keeps for a cancellation (kind
// "endorsement").
type Record struct {
	EndorsementNumber string `json:"endorsementNumber"`
	PolicyNumber      string `json:"policyNumber"`
	Success           *bool  `json:"success,omitempty"`
	ApplicationType   string `json:"applicationType"`
	ApplicationDate   string `json:"applicationDate"`
}

func runEbao(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	// The profile is needed first for its default channel code.
	c, prof, err := opts.EbaoClient()
	if err != nil {
		return err
	}
	channel := opts.Channel
	if channel == "" {
		channel = prof.Value(ebao.Provider, "channel-code")
	}
	body := buildBody(opts, channel)
	// A date that does not parse went into the body as typed, so this one
	// check names it together with every other bad field.
	if err := ebao.ValidateCancellation(body); err != nil {
		return fromArguments(err, opts.Now(), opts.batchLine)
	}
	var req ebao.CancellationRequest
	_ = json.Unmarshal(body, &req)
	if !opts.DryRun {
		q := fmt.Sprintf("Cancel policy %s (%s, applied %s Beijing time)? This cannot be undone.", req.PolicyNumber, req.ApplicationType, ebao.BeijingDay(req.ApplicationDate))
		if err := failure.Naming(cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Yes, q), ebao.Provider, ebao.OpCancellation); err != nil {
			return err
		}
	}
	sent := time.Now() // the transport's clock, which times the journal's row
	resp, err := c.Cancel(ctx, body)
	if err != nil && !opts.DryRun {
		st, _ := opts.Store()
		ebaosettle.Cancellation(ctx, st, prof.Name, req.PolicyNumber, sent, err)
		if !opts.batchLine {
			// The whole command, with this run's flags: the client can
			// only say "cancel it again".
			ebao.SettleWith(err, ebao.OpCancellation, req.PolicyNumber, "`"+recancelCommand(opts)+"`")
		}
	}
	if err != nil && resp == nil {
		return shared.ShowUntrusted(opts.IO, oo, err)
	}
	// resp with err is a verified "success": false; it is shown, then the
	// refusal is returned (exit 4).
	refused := err
	shared.Warn(opts.IO, ebao.OpCancellation, resp.Warnings)
	if refused == nil && resp.EndorsementNumber != "" {
		record(ctx, opts, prof.Name, req, resp)
	}
	result := output.Result{Data: cancellation{resp, req.PolicyNumber}, Raw: resp.Raw, XMLRoot: "cancellation", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("endorsement number", resp.EndorsementNumber)
		kv.Add("policy number", req.PolicyNumber)
		if resp.Success != nil {
			kv.Add("cancelled", map[bool]string{true: "yes", false: "no"}[*resp.Success])
		}
		return kv.Render(w)
	}}
	if refused != nil {
		if err := output.Print(opts.IO.Out, oo, result); err != nil {
			return err
		}
		return refused
	}
	return cmdutil.PrintActResult(opts.IO, oo, result, fmt.Sprintf("cancelled policy %s (endorsement %s)", req.PolicyNumber, resp.EndorsementNumber))
}

// cancellation is what cancel prints as JSON (and YAML, XML): eBao's
// answer, every member as sent, plus policyNumber, the policy this request
// cancelled. eBao's answer names only the endorsement, so without it a
// pipeline could not tell which policy a result is about (the table shows
// it). An answer's own policyNumber, should eBao ever send one, is kept.
// -o raw stays eBao's bytes.
type cancellation struct {
	answer       *ebao.CancellationResponse
	policyNumber string
}

func (c cancellation) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(c.answer)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if _, ok := m["policyNumber"]; !ok {
		m["policyNumber"], _ = json.Marshal(c.policyNumber)
	}
	return json.Marshal(m)
}

// fromArguments rewrites the complaints about the body cancel built into
// complaints about the arguments it was built from: the user typed --date
// (or a --batch line's date), not applicationDate, and --date takes a plain
// date the body's example does not show.
func fromArguments(err error, now time.Time, batchLine bool) error {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return err
	}
	args := map[string]struct{ arg, example string }{
		"policyNumber":    {"the POLICY_NUMBER argument", "P2701160000000001"},
		"channelCode":     {"--channel (default: the profile's ebao.channel-code)", "AXA_TP"},
		"applicationDate": {"--date", now.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")},
		"applicationType": {"--type", ebao.ApplyByPolicyHolder},
	}
	if batchLine {
		for field, column := range map[string]string{"policyNumber": "policy_number", "channelCode": "channel", "applicationDate": "date", "applicationType": "type"} {
			a := args[field]
			a.arg = "the line's " + column + " (default: " + strings.TrimPrefix(a.arg, "the ") + ")"
			args[field] = a
		}
	}
	for i, f := range fe.Fields {
		if a, ok := args[f.Field]; ok {
			fe.Fields[i].Rule, fe.Fields[i].Example = a.arg+" "+f.Rule, a.example
		}
	}
	return fe
}

func buildBody(opts *Options, channel string) []byte {
	policy, typ := strings.TrimSpace(opts.PolicyNumber), strings.TrimSpace(opts.Type)
	if opts.Date == "" {
		return ebao.NewCancellation(policy, channel, typ, opts.Now())
	}
	if t, err := ebao.ParseDate(opts.Date); err == nil {
		return ebao.NewCancellation(policy, channel, typ, t)
	}
	b, _ := json.MarshalIndent(ebao.CancellationRequest{PolicyNumber: policy, ChannelCode: channel,
		ApplicationDate: opts.Date, ApplicationType: typ}, "", "  ")
	return append(b, '\n')
}

// record indexes the endorsement and marks the policy's record, when this
// machine issued it, as cancelled.
func record(ctx context.Context, opts *Options, profile string, req ebao.CancellationRequest, resp *ebao.CancellationResponse) {
	st, err := opts.Store()
	if err != nil {
		return
	}
	rec, _ := json.Marshal(Record{EndorsementNumber: resp.EndorsementNumber, PolicyNumber: req.PolicyNumber, Success: resp.Success,
		ApplicationType: req.ApplicationType, ApplicationDate: req.ApplicationDate})
	st.NoteRecord(ctx, store.Record{Profile: profile, Provider: ebao.Provider, Kind: "endorsement", ID: resp.EndorsementNumber, Body: rec})
	// A policy is cancelled once: an earlier cancellation of it whose
	// outcome was unknown cancelled nothing.
	_, _ = st.Settle(ctx, store.Settlement{Profile: profile, Provider: ebao.Provider, Operation: ebao.OpCancellation,
		Key: req.PolicyNumber, Outcome: store.OutcomeFailed, By: "re-run"})
	if pr, err := st.GetRecord(ctx, profile, ebao.Provider, "policy", req.PolicyNumber); err == nil {
		var m map[string]any
		if json.Unmarshal(pr.Body, &m) == nil {
			m["status"], m["endorsementNumber"] = "CANCELLED", resp.EndorsementNumber
			b, _ := json.Marshal(m)
			st.NoteRecord(ctx, store.Record{Profile: profile, Provider: ebao.Provider, Kind: "policy", ID: req.PolicyNumber, Body: b})
		}
	}
}
