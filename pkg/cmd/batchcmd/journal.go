package batchcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/store"
)

// FromJournal is a batch.Adapter's Resolve for an act without a provider
// look-up (eBao's issuance and cancellation): a line an earlier run left
// unknown is found when the local journal holds a row of the operation,
// keyed key, that went through, either recorded so or settled since (the
// line's hint says to run the act again on its own, and that run settles
// it). The keys named in show are copied from that row into the result.
// Otherwise the line stays unknown: the error says what was looked for.
func FromJournal(ctx context.Context, st *store.Store, profile, provider, operation, key string, show ...string) (json.RawMessage, bool, error) {
	return FromJournalOrProof(ctx, st, profile, provider, operation, key, nil, show...)
}

// Proof reads a refused repeat's message for what it proves was done
// before it (eBao's "quotation Q… was already issued as policy P…"):
// the identifiers it names, and whether it proves the act at all.
type Proof func(message string) (map[string]string, bool)

// FromJournalOrProof is FromJournal that, finding no row that went
// through, also takes the provider's refusal of a repeat as the act's
// record (proof, nil for none). A batch killed while a line's act was in
// flight leaves no journal row of that attempt (rows are written after
// the answer), so the re-run its hint prints is refused as done and
// settles nothing: the line stayed unknown at every --resume.
func FromJournalOrProof(ctx context.Context, st *store.Store, profile, provider, operation, key string, proof Proof, show ...string) (json.RawMessage, bool, error) {
	if key == "" {
		// No key: nothing to look for (an empty one would match any row).
		return nil, false, &failure.Error{Kind: failure.Network, Provider: provider, Operation: operation, Unknown: true,
			Message: "the line names nothing to look up in the journal"}
	}
	rows, err := st.History(ctx, store.JournalFilter{Profile: profile, Provider: provider, Operation: operation, Key: key,
		Status: store.OutcomeOK, Limit: 1})
	if err != nil {
		return nil, false, err
	}
	remark := ""
	if len(rows) == 0 && proof != nil {
		refused, err := st.History(ctx, store.JournalFilter{Profile: profile, Provider: provider, Operation: operation, Key: key,
			Status: store.OutcomeFailed, Limit: 20})
		if err != nil {
			return nil, false, err
		}
		for _, r := range refused {
			if learnt, ok := proof(r.Message); ok {
				for k, v := range learnt {
					if r.Keys == nil {
						r.Keys = map[string]string{}
					}
					if r.Keys[k] == "" {
						r.Keys[k] = v
					}
				}
				rows = append(rows, r)
				remark = fmt.Sprintf("found in the journal: %s %d was refused as done before it (%s), so an earlier attempt went through", operation, r.ID, r.Message)
				break
			}
		}
	}
	if len(rows) == 0 {
		return nil, false, &failure.Error{Kind: failure.Network, Provider: provider, Operation: operation, Unknown: true,
			Message: fmt.Sprintf("the journal holds no %s of %s that went through", operation, key)}
	}
	if remark == "" {
		remark = fmt.Sprintf("found in the journal: %s %d went through", operation, rows[0].ID)
	}
	res := map[string]any{"resolved": true, "remark": remark}
	for _, k := range show {
		// "key:name": the journal's key under the name the command's own
		// result gives it, so that a line settled by --resume reads as
		// one sent (eBao's cancellation answers endorsement_number).
		k, name, renamed := strings.Cut(k, ":")
		if !renamed {
			name = k
		}
		if v := rows[0].Keys[k]; v != "" {
			res[name] = v
		}
	}
	b, err := json.Marshal(res)
	return b, err == nil, err
}

// journal is the store as the batch engine keeps its resume entries.
type journal struct{ st *store.Store }

func (j journal) GetBatchLine(ctx context.Context, command, profile, hash string) (*batch.Entry, error) {
	b, err := j.st.GetBatchLine(ctx, command, profile, hash)
	if err != nil || b == nil {
		return nil, err
	}
	return &batch.Entry{Line: b.Line, Outcome: b.Outcome, ExitCode: b.ExitCode, Result: b.Result, UpdatedAt: b.UpdatedAt, SenderPID: b.SenderPID}, nil
}

func (j journal) PutBatchLine(ctx context.Context, command, profile, hash string, e batch.Entry) error {
	return j.st.PutBatchLine(ctx, command, profile, hash, store.BatchLine{Line: e.Line, Outcome: e.Outcome, ExitCode: e.ExitCode, Result: e.Result, Sending: e.Sending})
}

func (j journal) FinishBatchLine(ctx context.Context, command, profile, hash string, e batch.Entry) error {
	return j.st.FinishBatchLine(ctx, command, profile, hash, store.BatchLine{Line: e.Line, Outcome: e.Outcome, ExitCode: e.ExitCode, Result: e.Result})
}
