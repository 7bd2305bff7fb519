package factory

import (
	"context"
	"fmt"
	"io"
	"sync"

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
	// lost is told when a row could not be written (once is enough: the
	// store's trouble is the same for every row).
	lost func(operation string, acts bool, err error)
}

// checkedJournal is a journal that says why a row was not written
// (the store's).
type checkedJournal interface {
	RecordChecked(ctx context.Context, e httpx.Entry) error
}

func (j outcomeJournal) Record(ctx context.Context, e httpx.Entry) {
	if e.Error != "" && (e.Verdict == nil || !e.Verdict.NotSent) && j.acts(e.Provider, e.Operation) {
		e.Error += "; outcome unknown: the " + e.Operation + " may have taken effect"
	}
	c, ok := j.Journal.(checkedJournal)
	if !ok {
		j.Journal.Record(ctx, e)
		return
	}
	if err := c.RecordChecked(ctx, e); err != nil && j.lost != nil {
		j.lost(e.Provider+" "+e.Operation, j.acts(e.Provider, e.Operation), err)
	}
}

// journalWarning prints that a request is missing from the journal, once
// per operation (a batch of the same request, or a login and then a
// purchase, each say it once): the request itself stands (a journal that
// cannot be written never fails it), but history, find and the settle
// hints that read the journal will not know it, which went unsaid (a
// purchase on a full disk exited 0 with no record of it anywhere but its
// output).
func journalWarning(w io.Writer) func(operation string, acts bool, err error) {
	var mu sync.Mutex
	told := map[string]bool{}
	return func(operation string, acts bool, err error) {
		mu.Lock()
		defer mu.Unlock()
		if told[operation] {
			return
		}
		told[operation] = true
		keep := ""
		if acts {
			keep = "; keep this command's output: it is the only record of the " + operation
		}
		fmt.Fprintf(w, "warning: the %s request is not in the local journal (%v): insure history and insure find will not show it%s\n", operation, err, keep)
	}
}

// Begin writes an act's row before it is sent (httpx.ActJournal), when
// the store can; a row it could not write is told as Record tells one.
func (j outcomeJournal) Begin(ctx context.Context, e httpx.Entry) int64 {
	b, ok := j.Journal.(interface {
		BeginChecked(ctx context.Context, e httpx.Entry) (int64, error)
	})
	if !ok {
		return 0
	}
	row, err := b.BeginChecked(ctx, e)
	if err != nil && j.lost != nil {
		j.lost(e.Provider+" "+e.Operation, j.acts(e.Provider, e.Operation), err)
	}
	return row
}

func (j outcomeJournal) acts(provider, operation string) bool {
	p, ok := j.reg.Lookup(provider)
	if !ok {
		return false
	}
	op, ok := p.JournalOperation(operation)
	return ok && op.Acts
}

// unopenedJournal stands in for the journal when the store could not be
// opened: every request still goes, and the first one says it is not
// journalled, and why.
type unopenedJournal struct {
	reg  *registry.Registry
	err  error
	lost func(operation string, acts bool, err error)
}

func (j unopenedJournal) Record(_ context.Context, e httpx.Entry) {
	if e.Provider == "" {
		return
	}
	j.lost(e.Provider+" "+e.Operation, outcomeJournal{reg: j.reg}.acts(e.Provider, e.Operation), j.err)
}
