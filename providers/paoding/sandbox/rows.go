package sandbox

import (
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
)

// The sandbox's persisted state is rows (pkg/sandbox/state), each read by
// its key, so a request costs the same however many orders and tokens are
// stored.
const (
	kindToken = "paoding.token" // by token value
	kindOrder = "paoding.order" // by partner orderId
	// kindCalls counts the calls of an operation on one China day, by
	// "yyyy-mm-dd/operation": a day's quota is its own counter row.
	kindCalls = "paoding.calls"
	kindSeq   = "paoding.seq"   // by China day: its last platform order number
	kindSpent = "paoding.spent" // one row, "": fen spent on reports
	// The notification queue: orders awaiting their first notification,
	// by state.TimeKey(CreatedAt)/orderId, and orders notified but not
	// acknowledged, by state.TimeKey(LastAttempt)/orderId. A notifier
	// reads the front of each, what is due, and nothing else.
	kindFirstNotice = "paoding.notify.first"
	kindRetryNotice = "paoding.notify.retry"
)

// tokenExpiry indexes tokens by their end, so ended ones are deleted a few
// at a time as new ones are issued.
const tokenExpiry = state.Expiry("paoding.token.expiry")

// sweepTokens is how many ended tokens one token.generate deletes: more
// than the one it adds, so the rows keep pace.
const sweepTokens = 4

// tokenRec is an issued token and the one refresh token that may renew it
// now (the document's refresh tokens are single-use: each refresh hands
// out the next).
type tokenRec struct {
	User      string    `json:"user"`
	ExpiresAt time.Time `json:"expiresAt"`
	Refresh   string    `json:"refresh"`
}

// liveToken is the token's row, nil when there is none or it has ended.
func liveToken(tx state.Tx, v string, now time.Time) (*tokenRec, error) {
	if v == "" {
		return nil, nil
	}
	var t tokenRec
	if ok, err := state.GetJSON(tx, kindToken, v, &t); !ok || err != nil {
		return nil, err
	}
	if !now.Before(t.ExpiresAt) {
		return nil, nil
	}
	return &t, nil
}

// putToken stores the token and moves its entry in the expiry index from
// the end it had (zero for a new token) to the one it has now.
func putToken(tx state.Tx, v string, t *tokenRec, oldEnd time.Time) error {
	if !oldEnd.IsZero() {
		if err := tokenExpiry.Remove(tx, oldEnd, kindToken, v); err != nil {
			return err
		}
	}
	if err := tokenExpiry.Add(tx, t.ExpiresAt, kindToken, v); err != nil {
		return err
	}
	return state.PutJSON(tx, kindToken, v, t)
}

// chinaDay is the platform's date of now, which quotas and order numbers
// count by.
func chinaDay(now time.Time) string { return now.In(china).Format("2006-01-02") }

func callsKey(now time.Time, op string) string { return chinaDay(now) + "/" + op }

// count counts a call of op against today's quota; over is true, and
// nothing counted, when the quota is used up.
func (s *Server) count(tx state.Tx, op string, now time.Time) (over bool, err error) {
	key := callsKey(now, op)
	var n int
	if _, err := state.GetJSON(tx, kindCalls, key, &n); err != nil {
		return false, err
	}
	if n >= s.quotas[op] {
		return true, nil
	}
	return false, state.PutJSON(tx, kindCalls, key, n+1)
}

// order is the stored order, nil when there is none.
func order(tx state.Tx, orderID string) (*Order, error) {
	var o Order
	if ok, err := state.GetJSON(tx, kindOrder, orderID, &o); !ok || err != nil {
		return nil, err
	}
	return &o, nil
}

func noticeKey(at time.Time, orderID string) string {
	return state.TimeKey(at) + "/" + orderID
}

// noticeOrderID is the orderId of a notification queue key.
func noticeOrderID(key string) string {
	if len(key) < 21 {
		return ""
	}
	return key[21:]
}
