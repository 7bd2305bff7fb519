package get

import (
	"context"
	"errors"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// platformNumberHint turns a 30080 (no order has this orderId) for a
// number the journal knows as an order's platform number into a hint
// naming that order: support pastes the platform's number (20261203-0001)
// from a notification or a customer, and the generic hint left them to
// work out which order id it belongs to.
func platformNumberHint(ctx context.Context, opts *Options, err error) error {
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Code != "30080" || opts.Store == nil {
		return err
	}
	st, serr := opts.Store()
	if serr != nil {
		return err
	}
	entries, serr := st.EntriesByKeys(ctx, []string{opts.OrderID})
	if serr != nil {
		return err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if e.Provider != paoding.Provider || e.Keys["platformOrderId"] != opts.OrderID {
			continue
		}
		if id := e.Keys["orderId"]; id != "" && id != opts.OrderID {
			fe.Hint = opts.OrderID + " is the platform's number of order " + id + ": run `insure vin-report get " + id + "`"
			return fe
		}
	}
	return err
}
