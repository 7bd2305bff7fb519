package notifications

import (
	"context"
	"time"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// query is what the list asks the store for.
type query struct {
	OrderID      string
	Since, Until time.Time
	// Limit is the most rows returned, 0 for all.
	Limit int
}

// recorded lists the Paoding notifications q selects, newest first (by
// the time each was first received), and how many q selects in all.
func recorded(ctx context.Context, st *store.Store, q query) ([]store.Notification, int, error) {
	return st.ListNotifications(ctx, store.NotificationFilter{Provider: paoding.Provider, OrderID: q.OrderID, Since: q.Since, Until: q.Until, Limit: q.Limit})
}
