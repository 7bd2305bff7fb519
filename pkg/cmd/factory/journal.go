package factory

import (
	"context"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/registry"
)

// outcomeJournal marks the journal row of a failed request whose operation
// acts (buys, issues, cancels, per the registry) as having an unknown
// outcome: the request may have reached the provider before the connection
// dropped, the deadline passed or Ctrl-C cut it short, and the row is where
// support looks first.
type outcomeJournal struct {
	httpx.Journal
	reg *registry.Registry
}

func (j outcomeJournal) Record(ctx context.Context, e httpx.Entry) {
	if e.Error != "" && (e.Verdict == nil || !e.Verdict.NotSent) && j.acts(e.Provider, e.Operation) {
		e.Error += "; outcome unknown: the " + e.Operation + " may have taken effect"
	}
	j.Journal.Record(ctx, e)
}

func (j outcomeJournal) acts(provider, operation string) bool {
	p, ok := j.reg.Lookup(provider)
	if !ok {
		return false
	}
	op, ok := p.JournalOperation(operation)
	return ok && op.Acts
}
