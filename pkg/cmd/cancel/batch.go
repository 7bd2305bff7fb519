package cancel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmd/batchcmd"
	"github.com/insurekit/insure/pkg/cmd/ebaosettle"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
)

var batchFields = []batch.Field{
	{Names: []string{"policy_number", "policyNumber"}, Example: `"P2612010000000001"`},
	{Names: []string{"type"}},
	{Names: []string{"date"}},
	{Names: []string{"channel"}},
}

// batchAdapter cancels one policy per line: policy_number, and type, date
// and channel (the flags are every line's defaults).
func batchAdapter(opts *Options) batch.Adapter {
	return batch.Adapter{
		Command: "cancel", Provider: ebao.Provider, Operation: ebao.OpCancellation, Act: true, Fields: batchFields,
		Echo:  [][]string{{"policy_number", "policyNumber"}},
		Check: func() error { return checkBatch(opts) },
		Run: func(ctx context.Context, rec *batch.Record) (json.RawMessage, error) {
			if err := rec.Known(batchFields...); err != nil {
				return nil, err
			}
			o := lineOptions(opts, rec)
			o.Ctx, o.Yes = ctx, true
			if o.PolicyNumber == "" {
				return nil, &failure.Error{Kind: failure.Usage,
					Message: fmt.Sprintf("line %d: policy_number is required; nothing was sent", rec.Line),
					Hint:    `each line names the policy to cancel, e.g. {"policy_number":"P2612010000000001"}, or a CSV column policy_number`}
			}
			ios, out := batchcmd.LineIO(rec)
			o.IO, o.OutputOptions = ios, batchcmd.JSONOutput
			res, err := batchcmd.Result(out, Run(&o))
			var fe *failure.Error
			if errors.As(err, &fe) && fe.Unknown {
				// The single command's hint says to run the same cancel
				// again, which for a batch line --resume will not do.
				fe.Hint = recancelHint(&o)
			}
			return res, err
		},
		// eBao has no look-up: --resume looks an unknown cancellation up
		// in the journal (a row that went through, or eBao's refusal of
		// the re-run the hint prints), and does not send it again.
		Resolve: func(ctx context.Context, rec *batch.Record) (json.RawMessage, bool, error) {
			st, err := opts.Store()
			if err != nil {
				return nil, false, err
			}
			_, prof, err := opts.EbaoClient()
			if err != nil {
				return nil, false, err
			}
			o := lineOptions(opts, rec)
			return batchcmd.FromJournalOrProof(ctx, st, prof.Name, ebao.Provider, ebao.OpCancellation, o.PolicyNumber, ebaosettle.CancelledBefore(o.PolicyNumber),
				"policyNumber", "endorsementNumber:endorsement_number")
		},
		CheckHint: func(rec *batch.Record) string {
			o := lineOptions(opts, rec)
			if refusal := refusedSince(&o); refusal != "" {
				// The repeat the hint offers was made and settled nothing:
				// offering it again would send the user round in a loop.
				return "policy " + o.PolicyNumber + " was cancelled again on its own and eBao refused it (" + refusal + "), which does not say whether it is cancelled: ask eBao for the policy's status; --resume does not send this line again"
			}
			return recancelHint(&o)
		},
	}
}

// checkBatch refuses, once and before any line is read, what would fail
// every line alike: a bad --type, --date or --channel (each line's default,
// checked even if every line gave its own, as a mistyped flag is a
// mistake all the same) and a profile without eBao's settings.
func checkBatch(opts *Options) error {
	flags := *opts
	// Stand-ins for what each line brings, so that only the flags are judged:
	// the policy number, and the channel when --channel leaves it to the
	// profile (or the line).
	flags.PolicyNumber = "P0"
	channel := opts.Channel
	if channel == "" {
		channel = "-"
	}
	if err := ebao.ValidateCancellation(buildBody(&flags, channel)); err != nil {
		return fromArguments(err, opts.Now(), false)
	}
	_, _, err := opts.EbaoClient()
	return err
}

// lineOptions are a batch line's options: its policy_number, and its
// type, date and channel where given (the flags' otherwise).
func lineOptions(opts *Options, rec *batch.Record) Options {
	o := *opts
	o.batchLine = true
	o.PolicyNumber = rec.Str("policy_number", "policyNumber")
	for dst, names := range map[*string][]string{&o.Type: {"type"}, &o.Date: {"date"}, &o.Channel: {"channel"}} {
		if v := rec.Str(names...); v != "" {
			*dst = v
		}
	}
	return o
}

// recancelHint says how to settle a batch line's cancellation whose
// outcome is unknown, as the single command's hint does (see
// providers/ebao checkHint): cancel the policy again, on its own, since
// --resume does not send the line again. eBao refuses a policy already
// cancelled and cancels one that is not, so repeating
// cannot cancel twice. o holds the line's values.
func recancelHint(o *Options) string {
	return "the policy may already be cancelled, and --resume does not send this line again: to settle it, cancel policy " + o.PolicyNumber +
		" again on its own with `" + recancelCommand(o) + "`: " +
		"eBao refuses a policy that is already cancelled (exit 4, saying it is cancelled) and cancels it otherwise"
}

// refusedSince is eBao's refusal of a repeat of o's cancellation made
// since its outcome became unknown, "" when none was made.
func refusedSince(o *Options) string {
	st, err := o.Store()
	if err != nil {
		return ""
	}
	_, prof, err := o.EbaoClient()
	if err != nil {
		return ""
	}
	return ebaosettle.Unsettling(o.Ctx, st, prof.Name, ebao.OpCancellation, strings.TrimSpace(o.PolicyNumber))
}

// recancelCommand is the whole command that cancels o's policy again with
// o's type, date and channel, as pasted.
func recancelCommand(o *Options) string {
	// --yes: the command is pasted into a script as often as a terminal,
	// and without it a script is refused (the issue hint has it too).
	words := []string{"cancel", "--provider", ebao.Provider, strings.TrimSpace(o.PolicyNumber)}
	if o.Type != "" && o.Type != ebao.ApplyByPolicyHolder {
		words = append(words, "--type", o.Type)
	}
	if o.Date != "" {
		words = append(words, "--date", o.Date)
	}
	if o.Channel != "" {
		words = append(words, "--channel", o.Channel)
	}
	words = append(words, "--yes")
	return o.Hint.Command(words...)
}
