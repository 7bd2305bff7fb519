package doctor

import (
	"context"

	historyshared "github.com/insurekit/insure/pkg/cmd/history/shared"
	"github.com/insurekit/insure/pkg/httpx"
)

// probing marks every request of doctor's credentials check with the
// journal key probe=doctor (historyshared.ProbeKey): the eBao probe quotes
// the example body, plate and holder included, and `insure find 沪A6U615`
// told it among the customers' quotes. find leaves such rows out of a
// story and history list marks them (docs/support.md). The providers'
// probes build their own requests, so the key rides on the context
// (httpx.WithJournalKeys) rather than in each provider's code.
func probing(ctx context.Context) context.Context {
	return httpx.WithJournalKeys(ctx, map[string]string{historyshared.ProbeKey: historyshared.ProbeValue})
}
