package buy

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// purchaseKind is the record kind of the purchase ledger in the local
// store: one record per vehicle (VIN and brand factory, or licence photo)
// and profile, holding the last purchase's order id and state.
const purchaseKind = "purchase"

// Purchase states.
const (
	// stateInFlight: written before the order is sent; stays until the
	// platform's answer (or a look-up) settles it.
	stateInFlight = "in-flight"
	// statePlaced: the platform has the order.
	statePlaced = "placed"
	// stateNotPlaced: the platform refused it.
	stateNotPlaced = "not-placed"
)

// againWindow is how long after a purchase a new one for the same vehicle
// needs --again.
const againWindow = 24 * time.Hour

type purchase struct {
	OrderID          string    `json:"orderId"`
	State            string    `json:"state"`
	VIN              string    `json:"vin,omitempty"`
	Image            string    `json:"image,omitempty"`
	BrandFactoryID   int       `json:"brandFactoryId,omitempty"`
	SentAt           time.Time `json:"sentAt"`
	PlacedAt         time.Time `json:"placedAt,omitzero"`
	PlatformOrderNum string    `json:"platformOrderNum,omitempty"`
	// Run and Line name the --batch run and input line that wrote the
	// entry: a later line of the same input buying the same vehicle is a
	// repeat of that line (dupes.go), not an earlier purchase.
	Run  string `json:"run,omitempty"`
	Line int    `json:"line,omitempty"`
}

// purchaseKey names the vehicle: the same VIN and brand factory, or the
// same licence photo, is the same purchase.
func purchaseKey(req paoding.BuyRequest) string {
	if req.VIN != "" {
		return "vin:" + req.VIN + ":" + strconv.Itoa(req.BrandFactoryID)
	}
	return "image:" + req.Image
}

// purchases is the ledger entry of one vehicle in one profile. A nil
// *purchases (under --dry-run) records nothing.
type purchases struct {
	st           *store.Store
	profile, key string
	prev         *purchase // what the ledger held before this run
	cur          purchase
	reusing      bool // the order id is an unresolved earlier one's
	// notPlaced says the platform refused this purchase: nothing bought.
	notPlaced bool
	// run and line are the --batch run and line buying (else empty).
	run  string
	line int
}

func (p *purchases) get(ctx context.Context) (*purchase, error) {
	r, err := p.st.GetRecord(ctx, p.profile, paoding.Provider, purchaseKind, p.key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out purchase
	if json.Unmarshal(r.Body, &out) != nil {
		return nil, nil
	}
	return &out, nil
}

func (p *purchases) put(ctx context.Context, v purchase) error {
	if p == nil {
		return nil
	}
	p.cur = v
	b, _ := json.Marshal(v)
	// A store that cannot hold the record must not lose it to a cancelled
	// command: the write outlives the context.
	return p.st.PutRecord(context.WithoutCancel(ctx), store.Record{Profile: p.profile, Provider: paoding.Provider, Kind: purchaseKind, ID: p.key, Body: b})
}

// placed settles the purchase as placed.
func (p *purchases) placed(ctx context.Context, req paoding.BuyRequest, platformOrderNum string, now time.Time) error {
	if p == nil {
		return nil
	}
	v := p.cur
	v.OrderID, v.State, v.PlacedAt, v.PlatformOrderNum = req.OrderID, statePlaced, now, platformOrderNum
	return p.put(ctx, v)
}

// refused settles the purchase as not placed: the earlier placed purchase,
// if any, is what the ledger keeps.
func (p *purchases) refused(ctx context.Context) {
	if p == nil {
		return
	}
	p.notPlaced = true
	if p.prev != nil && p.prev.State == statePlaced {
		// The earlier purchase stands, as it was: this line bought
		// nothing, so a later line of the same input buying the vehicle
		// is judged on its own, not as this line's repeat.
		_ = p.put(ctx, *p.prev)
		return
	}
	v := p.cur
	v.State = stateNotPlaced
	_ = p.put(ctx, v)
}
