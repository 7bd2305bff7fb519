// Package failure holds the typed errors every layer of insure shares.
//
// Providers return *Error values; the command layer turns their Kind into a
// process exit code (see ExitCode) and prints Message and Hint. Keeping the
// type here, free of cobra and printing, lets providers classify what went
// wrong without knowing how it will be shown.
package failure

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error by what the user can do about it. Each kind has
// one exit code, listed in `insure help exit-codes`.
type Kind int

const (
	// Unexpected is a bug or a local I/O failure (exit 1).
	Unexpected Kind = iota
	// Usage is bad flags or bad input; nothing was sent (exit 2).
	Usage
	// Auth is a refused credential, signature or token (exit 3).
	Auth
	// Refused is a business refusal by the provider (exit 4).
	Refused
	// Network is a transport failure or timeout; the outcome may be unknown (exit 5).
	Network
	// Verification is a response that failed its signature check or could not be parsed (exit 6).
	Verification
	// RateLimit is a quota or rate limit (exit 7).
	RateLimit
	// ActDoneOutputFailed is an act (a purchase, an issuance, a
	// cancellation) that went through but whose result could not be printed
	// (exit 8): it must not be repeated.
	ActDoneOutputFailed
)

// ExitCode is the process exit code for the kind. Each kind names its
// code: the order of the kinds above is free to change, the codes are not.
func (k Kind) ExitCode() int {
	switch k {
	case Usage:
		return ExitUsage
	case Auth:
		return ExitAuth
	case Refused:
		return ExitRefused
	case Network:
		return ExitNetwork
	case Verification:
		return ExitVerification
	case RateLimit:
		return ExitRateLimit
	case ActDoneOutputFailed:
		return ExitActDoneOutputFailed
	default:
		return ExitUnexpected
	}
}

func (k Kind) String() string {
	switch k {
	case Usage:
		return "usage"
	case Auth:
		return "auth"
	case Refused:
		return "refused"
	case Network:
		return "network"
	case Verification:
		return "verification"
	case RateLimit:
		return "rate_limit"
	case ActDoneOutputFailed:
		return "act_done_output_failed"
	default:
		return "unexpected"
	}
}

// FieldError is one bad input field: which field, what rule it breaks and
// an example of a good value.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Example string `json:"example,omitempty"`
}

func (f FieldError) String() string {
	s := f.Field + ": " + f.Rule
	if f.Example != "" {
		s += " (for example " + f.Example + ")"
	}
	return s
}

// Error is the error type providers and commands return.
type Error struct {
	Kind      Kind
	Provider  string // "paoding", "ebao", ...
	Operation string // "report.buy", "quotation", ...
	// Code is the provider's own code ("30020", HTTP "406", sunshine "300"),
	// kept as the provider wrote it so JSON output can carry it unchanged.
	Code    string
	Message string // what happened, in words
	Hint    string // what to do next
	// Unknown says the request may have reached the provider and taken
	// effect: the user must check before repeating it.
	Unknown bool
	Fields  []FieldError // for Usage errors: every bad field
	// Doubts are fields that look wrong but break no rule of the
	// provider's document (a resident ID's check character): listed with
	// a refusal, so that one round of fixes covers them too.
	Doubts []FieldError
	Err    error // the cause, if any
	// Reported says the command already printed its full account of the
	// failure (insure doctor's checklist): only the exit code remains.
	Reported bool
	// ResultPrinted says the command's result document is already on
	// stdout (a sign --verify that did not match, with "verified": false):
	// the error goes to stderr only, so a pipe still reads one document.
	ResultPrinted bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Provider != "" {
		b.WriteString(e.Provider)
		if e.Operation != "" {
			b.WriteString(" " + e.Operation)
		}
		b.WriteString(": ")
	}
	if e.Code != "" {
		b.WriteString("[" + e.Code + "] ")
	}
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	b.WriteString(OneLine(msg))
	for _, f := range e.Fields {
		b.WriteString("\n  " + f.String())
	}
	for _, f := range e.Doubts {
		b.WriteString("\n  doubtful, but no rule (kept as given): " + f.String())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// OneLine is msg with each run of line breaks shown as " / ". A message is
// often the provider's own text, and a line break in it would let the
// sender start a line of its own on stderr or in a view of the journal,
// such as a "hint:" saying a repeat is safe right where the outcome is
// unknown. The lines insure itself adds (Fields, Doubts, the hint) are
// written after it.
func OneLine(msg string) string {
	if !strings.ContainsAny(msg, "\r\n\v\f\u0085\u2028\u2029") {
		return msg
	}
	return strings.Join(strings.FieldsFunc(msg, func(r rune) bool {
		return r == '\r' || r == '\n' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029'
	}), " / ")
}

// ExitCode is the process exit code for the error.
func (e *Error) ExitCode() int { return e.Kind.ExitCode() }

// New builds an Error of the given kind.
func New(kind Kind, provider, operation, format string, args ...any) *Error {
	return &Error{Kind: kind, Provider: provider, Operation: operation, Message: fmt.Sprintf(format, args...)}
}

// Invalid is a Usage error listing every bad field at once.
func Invalid(provider, operation string, fields ...FieldError) *Error {
	return &Error{
		Kind: Usage, Provider: provider, Operation: operation,
		Message: fmt.Sprintf("%d invalid field(s); nothing was sent", len(fields)),
		Fields:  fields,
	}
}

// WithHint sets the hint and returns the error, for chaining.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// NetworkError wraps a transport failure. When mayHaveTakenEffect is true
// (a purchase, an issuance), the error says the outcome is unknown.
func NetworkError(provider, operation string, err error, mayHaveTakenEffect bool) *Error {
	e := &Error{Kind: Network, Provider: provider, Operation: operation, Err: err, Unknown: mayHaveTakenEffect}
	e.Message = "network failure: " + err.Error()
	if errors.Is(err, context.Canceled) {
		// Ctrl-C or SIGTERM: the request was abandoned, not lost. Not
		// "cancelled": on a cancellation (eBao's) that read as the
		// policy's.
		e.Message = "the request was abandoned before its answer arrived"
	}
	if mayHaveTakenEffect {
		e.Message += " (the outcome is unknown: the request may have reached the provider)"
	}
	return e
}

// KindOf returns the Kind of err: the Kind of the first *Error in its chain,
// or Unexpected.
func KindOf(err error) Kind {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return Unexpected
}

// Naming gives err, when it is an Error that names no provider (a refusal
// made before any provider was involved, such as a missing --yes), the
// provider and operation of the command that returned it: every error a
// provider's command prints names them, on stderr and in the JSON
// document.
func Naming(err error, provider, operation string) error {
	var fe *Error
	if errors.As(err, &fe) && fe.Provider == "" {
		fe.Provider, fe.Operation = provider, operation
	}
	return err
}
