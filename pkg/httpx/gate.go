package httpx

import (
	"context"
	"errors"
)

// ErrNotAdmitted is the cause of a request a send gate (WithSendGate)
// refused: nothing was sent.
var ErrNotAdmitted = errors.New("not admitted")

type sendGateKey struct{}

// WithSendGate returns ctx whose requests wait for gate before anything
// is sent: a batch spends a line's turn under --rate or the daily quota
// only when the line gets as far as sending, so a line its own checks
// refuse costs no wait and no quota. gate is called by every Send under
// ctx (a line's login, its call, its look-up), so it should decide once
// and repeat its answer. An error wrapping ErrNotAdmitted (the batch
// stopped while the line waited) is returned as a failure that says
// nothing was sent.
func WithSendGate(ctx context.Context, gate func() error) context.Context {
	return context.WithValue(ctx, sendGateKey{}, gate)
}

// admit waits for ctx's send gate, if it has one.
func (r Request) admit(ctx context.Context) error {
	gate, _ := ctx.Value(sendGateKey{}).(func() error)
	if gate == nil {
		return nil
	}
	err := gate()
	if err == nil {
		return nil
	}
	return r.notAdmitted(err)
}
