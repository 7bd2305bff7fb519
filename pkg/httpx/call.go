// Package httpx is insure's HTTP transport: timeouts, the redacting wire
// log (-v), --dry-run and --curl rendering, and the request journal.
//
// Providers describe each request they send with a Call in its context, so
// the transport can log, journal and mask it without knowing the provider.
package httpx

import (
	"context"
	"errors"
)

// ErrDryRun is returned by the transport instead of sending when --dry-run
// or --curl is in force. Providers must wrap transport errors with %w so
// callers can recognise it with errors.Is.
var ErrDryRun = errors.New("dry run: request not sent")

// DryRunError is the transport's answer under --dry-run and --curl: the
// request as it was shown (secrets masked unless --show-secrets), so that
// a batch can give each line its own. It is ErrDryRun to errors.Is.
type DryRunError struct{ Shown string }

func (e *DryRunError) Error() string { return ErrDryRun.Error() }
func (e *DryRunError) Unwrap() error { return ErrDryRun }

// Call describes one provider request.
type Call struct {
	Provider  string            // "paoding"
	Operation string            // "report.buy"
	Keys      map[string]string // identifiers worth finding later: orderId, quotationNumber...
	// Secrets are values to mask wherever they appear in logs, journal rows
	// and rendered requests: passwords, their hashes, static signs, tokens.
	Secrets []string
	// PerRequest are values masked there too that this request alone
	// holds (Request.PerRequest): never added to the secrets the process
	// remembers.
	PerRequest []string
	// Limit is the most response body bytes the transport reads (and
	// keeps for the wire log and journal); a longer answer fails with a
	// *TooLargeError. Zero means MaxLimit.
	Limit int64
	// KeysFromAnswer, when set, adds keys read from the answer (a policy
	// number the service assigned) before the row is recorded.
	KeysFromAnswer func(status int, body []byte) map[string]string
	// Judge, when set, reads the answer as the provider's client will
	// (Request.Judge) before the row is recorded.
	Judge func(*Response) error
	// Acts says the operation buys, issues or cancels (Policy.Acts): an
	// answer it cannot use leaves the outcome unknown, in the journal too.
	Acts bool
}

type callKey struct{}

// WithCall attaches c to ctx.
func WithCall(ctx context.Context, c Call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

// CallFrom returns the Call attached to ctx.
func CallFrom(ctx context.Context) (Call, bool) {
	c, ok := ctx.Value(callKey{}).(Call)
	return c, ok
}

type journalKeysKey struct{}

// WithJournalKeys adds keys to the journal row of every request sent
// under ctx, beside those the provider's client names: a command that
// runs a provider's own requests for a purpose of its own (doctor's
// credentials check) marks their rows without the provider knowing.
func WithJournalKeys(ctx context.Context, keys map[string]string) context.Context {
	return context.WithValue(ctx, journalKeysKey{}, MergeKeys(journalKeysFrom(ctx), keys))
}

func journalKeysFrom(ctx context.Context) map[string]string {
	m, _ := ctx.Value(journalKeysKey{}).(map[string]string)
	return m
}

// withJournalKeys is keys with ctx's WithJournalKeys added.
func withJournalKeys(ctx context.Context, keys map[string]string) map[string]string {
	extra := journalKeysFrom(ctx)
	if extra == nil {
		return keys
	}
	return MergeKeys(keys, extra)
}
