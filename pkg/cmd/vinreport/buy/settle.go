package buy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// settle decides what a failed purchase means. A refusal is final (the
// order was not placed); 30020 on a reused order id means the earlier
// attempt did place it; anything else is an unknown outcome, resolved by
// looking the order up for a while. It returns the order's report when
// the order exists, else the error to report.
func settle(ctx context.Context, opts *Options, c *paoding.Client, ledger *purchases, profile string, req paoding.BuyRequest, err error) (*paoding.Report, error) {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return nil, err
	}
	check := getCommand(profile, req.OrderID)
	if notSent(fe) {
		// The connection was refused (or the name did not resolve):
		// the platform never saw the order, so nothing was bought.
		fe.Unknown = false
		fe.Hint = fmt.Sprintf("nothing was sent, so nothing was bought: check the network and the profile's %s endpoint, then run the same purchase again (safe)", paoding.Provider)
		if ledger != nil && ledger.reusing {
			fe.Hint += fmt.Sprintf("; the earlier purchase of order %s is still unknown, and running again reuses its order id, so it cannot buy twice", req.OrderID)
		} else {
			ledger.refused(ctx)
		}
		return nil, fe
	}
	if ledger != nil && ledger.reusing && fe.Code == "30020" {
		// The earlier attempt reached the platform after all.
		report, _, gerr := c.GetReport(ctx, req.OrderID)
		if gerr == nil {
			return report, nil
		}
		fe.Unknown = true
		fe.Message += fmt.Sprintf("; order %s exists from an earlier attempt but could not be looked up (%v)", req.OrderID, gerr)
		fe.Hint = "check it with `" + check + "`; running the same purchase again reuses the order id and cannot buy twice"
		return nil, fe
	}
	if !fe.Unknown && fe.Kind == failure.RateLimit && fe.Code == "429" {
		// An HTTP 429 says the purchase was not taken, but a gateway in
		// front of the platform may answer it after forwarding. The
		// purchase stays in flight (not marked refused), so running it
		// again reuses this order id: had it been placed, the platform
		// refuses the repeat (30020) and insure shows the order, instead
		// of buying again under a new id.
		fe.Hint += fmt.Sprintf("; running the same purchase again reuses order id %s, so it cannot buy twice", req.OrderID)
		return nil, err
	}
	if !fe.Unknown && fe.Code == "10099" {
		// "Other error" says nothing of whether the order was taken
		// before the platform failed: the purchase stays in flight, so
		// running it again reuses this order id and cannot buy twice.
		fe.Hint = fmt.Sprintf("check whether order %s exists with `%s`; running the same purchase again reuses that order id, so it cannot buy twice",
			req.OrderID, check)
		return nil, err
	}
	if !fe.Unknown {
		// The platform answered: nothing was bought.
		if ledger == nil || !ledger.reusing {
			ledger.refused(ctx)
		}
		return nil, err
	}
	if ctx.Err() != nil {
		// Interrupted (Ctrl-C) or cancelled: the user wants out now, so
		// no look-up is attempted. Say plainly what is known and which
		// command settles it.
		return nil, interruptedBuy(ctx, fe, profile, req.OrderID, check, false)
	}
	// The purchase may have gone through, now or in a while: ask, with
	// back-off, for as long again as the purchase was given.
	window := 2 * opts.Timeout
	if window <= 0 {
		window = time.Minute
	}
	if opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "The purchase failed (%s); looking order %s up for up to %s...\n", fe.Message, req.OrderID, spellDuration(window))
	}
	report, found, gerr := lookUp(ctx, c, req.OrderID, window)
	if !found && gerr != nil && ctx.Err() != nil {
		// Interrupted while looking the order up.
		return nil, interruptedBuy(ctx, fe, profile, req.OrderID, check, true)
	}
	if !found {
		// Unresolved: whatever spoilt the answer (a cut or unreadable
		// body, one too large), the purchase's outcome is what the user
		// must act on, and an unknown outcome is exit 5.
		fe.Kind = failure.Network
	}
	switch {
	case found:
		return report, nil
	case gerr == nil:
		fe.Unknown = false
		fe.Message += fmt.Sprintf("; order %s was not found by looking it up repeatedly for %s, so it was probably not placed", req.OrderID, spellDuration(window))
		fe.Hint = fmt.Sprintf("run the same purchase again: it reuses order id %s, so if this attempt reaches the platform late, the platform refuses the second (30020) and insure shows the existing order; `%s` checks it now", req.OrderID, check)
	default:
		fe.Message += fmt.Sprintf("; order %s: the outcome is unknown (the look-up failed too: %v)", req.OrderID, gerr)
		fe.Hint = fmt.Sprintf("check whether the order exists with `%s` before buying again; running the same purchase again reuses order id %s, so it cannot buy twice", check, req.OrderID)
	}
	return nil, fe
}

// interruptedBuy is the error of a purchase cut short by an interrupt (or
// any cancellation of ctx): its outcome is unknown and, since the user
// asked to stop, the order is not looked up (any more). lookingUp says the
// interrupt came while the order was being looked up after fe.
func interruptedBuy(ctx context.Context, fe *failure.Error, profile, orderID, check string, lookingUp bool) *failure.Error {
	what := "cancelled"
	if in := cmdutil.InterruptOf(ctx); in != nil {
		what = in.What()
	}
	if lookingUp {
		fe.Message += fmt.Sprintf("; the look-up of order %s was %s, so whether the order was placed is unknown", orderID, what)
	} else {
		fe.Message = fmt.Sprintf("the purchase of order %s was %s before its answer arrived, so whether the order was placed is unknown", orderID, what)
	}
	fe.Kind, fe.Unknown = failure.Network, true
	// The re-run settles it (as insure find says); a look-up only checks,
	// and a 30080 from it does not prove a purchase still on its way was
	// not placed.
	fe.Hint = fmt.Sprintf("settle it by running the same purchase again (`insure -p %s find %s` prints the command): it reuses order id %s, so the platform refuses it (30020) and insure shows the order if the first attempt was placed, or places it now; it cannot buy twice. `%s` only checks, and may not show a purchase still on its way",
		profile, orderID, orderID, check)
	return fe
}

// lookUp asks for the order until it exists, the window ends or a look-up
// fails for another reason than 30080 (no such order). found is false
// with a nil error when every answer was 30080.
func lookUp(ctx context.Context, c *paoding.Client, orderID string, window time.Duration) (*paoding.Report, bool, error) {
	end := time.Now().Add(window)
	if dl, ok := ctx.Deadline(); ok && dl.Before(end) {
		end = dl
	}
	wait := 100 * time.Millisecond
	for {
		report, _, err := c.GetReport(ctx, orderID)
		switch {
		case err == nil:
			return report, true, nil
		case !hasCode(err, "30080"):
			return nil, false, err
		}
		left := time.Until(end)
		if left <= 0 {
			return nil, false, nil
		}
		d := min(wait, left)
		select {
		case <-ctx.Done():
			return nil, false, ctx.Err()
		case <-time.After(d):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// notSent says a purchase failed before it left: no connection (refused,
// unreachable, a name that does not resolve) or a failed TLS handshake.
func notSent(fe *failure.Error) bool {
	return fe.Kind == failure.Network && httpx.NothingSent(fe)
}

// journalSettled tells the journal what this run learnt of the purchase
// whose request failed with sendErr: found (report) by the look-up, or
// by the platform's duplicate check on a reused order id (30020), the
// order's rows whose outcome was unknown are settled as bought, the
// 30020 with them; a request that never left is not an unknown outcome.
// History's --status unknown then no longer lists them, and find says
// bought (settled by the look-up).
func journalSettled(ctx context.Context, st *store.Store, profile string, req paoding.BuyRequest, sent time.Time, sendErr error, report *paoding.Report, ledger *purchases) {
	if ledger == nil {
		return // --dry-run: nothing was recorded
	}
	var fe *failure.Error
	s := store.Settlement{Profile: profile, Provider: paoding.Provider, Operation: paoding.OpReportBuy, Key: req.OrderID, Since: sent}
	switch {
	case report != nil:
		s.Outcome, s.By = store.OutcomeOK, "look-up"
		if ledger.reusing && hasCode(sendErr, "30020") {
			s.By, s.Always = "duplicate check", true
		}
		if n := report.PlatformOrderID.String(); n != "" {
			s.Keys = map[string]string{"platformOrderId": n}
		}
	case errors.As(sendErr, &fe) && notSent(fe):
		s.Outcome, s.By, s.Only = store.OutcomeFailed, "not sent", true
	default:
		return
	}
	_, _ = st.Settle(ctx, s)
}
