package listen

import (
	"fmt"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// ledgerMismatch says how a new notification disagrees with what this
// store's journal holds of its order, or "": the order was never bought
// through this store, or was bought under another platform order. Paoding
// does not sign notifications, so this is a cheap first check beside
// --fetch; an order bought by another system is not an error either,
// hence only a warning. A journal that cannot be read says nothing.
func (l *listener) ledgerMismatch(ev *Event) string {
	rows, err := l.store.History(l.ctx, store.JournalFilter{Provider: paoding.Provider, Key: ev.OrderID, Limit: -1})
	if err != nil {
		return ""
	}
	bought := false
	platform := map[string]bool{}
	var first string
	for _, r := range rows {
		// The key matched may be another identifier of the same value.
		if r.Keys["orderId"] != ev.OrderID {
			continue
		}
		if r.Operation == paoding.OpReportBuy {
			bought = true
		}
		if p := r.Keys["platformOrderId"]; p != "" && !platform[p] {
			platform[p] = true
			if first == "" {
				first = p
			}
		}
	}
	switch {
	case !bought:
		return "is for an order this store has no purchase of (bought elsewhere, or forged)"
	case ev.PlatformOrderID != "" && len(platform) > 0 && !platform[ev.PlatformOrderID]:
		return fmt.Sprintf("names platform order %s, but Paoding gave this order platform order %s", shown(ev.PlatformOrderID), shown(first))
	}
	return ""
}
