package batch

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/time/rate"
)

// What commands and the engine share: the Adapter a command plugs in,
// the options of a run, the journal of finished lines, each line's result
// and the summary.

// Outcomes besides the failure kinds' names (usage, auth, refused,
// network, verification, rate_limit, unexpected).
const (
	OutcomeOK           = "ok"
	OutcomeSkipped      = "skipped"       // done in an earlier run (--resume)
	OutcomeNotAttempted = "not_attempted" // the batch stopped first (quota, signal)
	OutcomeUnknown      = "unknown"       // an earlier run's outcome could not be resolved
	OutcomeBlank        = "blank"         // a line with nothing on it: nothing to send
	outcomeInFlight     = "in_flight"     // recorded before an act is sent
)

// Adapter is one command's part: how a record becomes a request.
type Adapter struct {
	// Command names the command in the resume table ("vin-report buy").
	Command string
	// Provider and Operation select the rate limiter.
	Provider, Operation string
	// Echo lists the fields echoed under "input" in each output line; a
	// field is echoed under its first name.
	Echo [][]string
	// EchoFrom, when set, adds identifiers found deeper in a JSON line
	// (eBao's plate, in its insured objects' factor table) to the echo.
	EchoFrom func(fields map[string]any) map[string]string
	// Act says a line spends money or changes a policy: it is recorded as
	// in flight before it is sent, so a resumed batch resolves it first.
	Act bool
	// Fields, when set, are the fields of a line (the command's own, as
	// rec.Known checks them): the hint of a line refused before Prepare
	// (a JSON member given twice) shows a good line made of them.
	Fields []Field
	// Columns, for a line that is a request body (no Fields), are the
	// body's members as CSV columns (ColumnsOf): the hints of a bad CSV
	// header show them. Nil: the hints name no columns.
	Columns []string
	// Prepare may change the record before it runs (a derived order id).
	// It is called in input order, by the one goroutine that hands lines
	// to the workers, so it must be quick and never wait: what it
	// registers (a vehicle a line buys) is registered in the order of the
	// input, whatever the workers' timing.
	Prepare func(rec *Record) error
	// SettlesRepeats says the adapter refuses a repeated act itself, by
	// more than the line's content (vin-report buy: by vehicle and order
	// id, in Prepare), so the engine's check of identical act lines
	// (repeatedAct) stands aside.
	SettlesRepeats bool
	// Done, when set, is told how each line Prepare accepted ended,
	// whatever ended it (run, skipped by --resume, resolved, not
	// attempted), before its output line is written: a line waiting on
	// an earlier one (dupes.go in vin-report buy) learns its outcome.
	Done func(rec *Record, l *Line)
	// Run runs the command's single-request code path and returns its
	// JSON result.
	Run func(ctx context.Context, rec *Record) (json.RawMessage, error)
	// Resolve settles an act whose earlier outcome is unknown: found with
	// its result; not found (nil, false, nil) means it may be sent again.
	// Nil: an unknown act is reported as unknown, with CheckHint.
	Resolve func(ctx context.Context, rec *Record) (json.RawMessage, bool, error)
	// CheckHint says how to check an unresolved line by hand.
	CheckHint func(rec *Record) string
	// Check, when set, runs once before the input is read (pkg/cmd/batchcmd):
	// what would fail every line alike, such as a malformed --set, is one
	// usage error, exit 2, rather than the same error on every line.
	Check func() error
}

// Entry is what the resume table keeps of a finished line.
type Entry struct {
	Line     int
	Outcome  string
	ExitCode int
	Result   json.RawMessage
	// UpdatedAt is when the entry was recorded (zero: not known). One
	// recorded since the batch started is this run's own, by an identical
	// line earlier in the same input.
	UpdatedAt time.Time
	// Sending stamps an in-flight entry with this process when written;
	// SenderPID, read back, is the pid of another process on this host
	// that stamped it and still runs (0: none, or it has ended).
	Sending   bool
	SenderPID int
}

// Journal is the resume table (pkg/store's BatchLines). PutBatchLine
// returns once the entry is committed (an act's in-flight entry, written
// before its request is sent); FinishBatchLine may return before (a
// line's final outcome: lost in a crash, the line is sent again or
// resolved by --resume).
type Journal interface {
	GetBatchLine(ctx context.Context, command, profile, hash string) (*Entry, error)
	PutBatchLine(ctx context.Context, command, profile, hash string, e Entry) error
	FinishBatchLine(ctx context.Context, command, profile, hash string, e Entry) error
}

// Options configure a run.
type Options struct {
	Adapter Adapter
	Profile string
	In      io.Reader
	Format  string // jsonl or csv
	// Concurrency is the number of workers (default 4).
	Concurrency int
	// Unordered writes results as they finish instead of in input order.
	Unordered bool
	// Limiters all must allow each request (per second, daily quota).
	Limiters []*rate.Limiter
	Out      io.Writer
	// Progress, when set, is told about every finished line.
	Progress Progress
	// Journal records finished lines; nil records nothing (--dry-run).
	Journal Journal
	// Resume skips lines the journal says are done and resolves unknown ones.
	Resume bool
	// Grace is how long in-flight requests may run on after a signal.
	Grace time.Duration
	// Source names the input as the user gave it (--batch FILE, "-" for
	// stdin); each record carries it, for hints that quote a line.
	Source string
	// Finite says the input is a regular file: it cannot stall, so after
	// a signal it is read to its end, every line not sent written as not
	// attempted, instead of being abandoned like a stdin that stays open.
	Finite bool
	// Notices, when set, is told (stderr) when a rate limit holds lines
	// back long enough for the batch to look stuck.
	Notices io.Writer
}

// Progress is the progress display's side of the engine.
type Progress interface {
	Done(outcome string)
	Finish()
}

// Line is one output line.
type Line struct {
	Line     int               `json:"line"`
	Input    map[string]string `json:"input,omitempty"`
	Outcome  string            `json:"outcome"`
	ExitCode int               `json:"exit_code"`
	Code     string            `json:"code,omitempty"`
	Message  string            `json:"message,omitempty"`
	Hint     string            `json:"hint,omitempty"`
	Unknown  bool              `json:"outcome_unknown,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
	Result   json.RawMessage   `json:"result,omitempty"`

	seq int
}

// Summary counts what happened.
type Summary struct {
	Total     int
	ByOutcome map[string]int
	Elapsed   time.Duration
	// ExitCode is the batch's exit code (see Severity).
	ExitCode int
	// Stopped says why sending stopped early ("" when it did not).
	Stopped string
	// FirstNotAttempted is the line number of the first line not sent.
	FirstNotAttempted int
	// InputIncomplete says the input was not read to its end (a signal
	// arrived while stdin was still open).
	InputIncomplete bool
	// Abandoned says requests still in flight when the grace period after
	// a signal ended were cancelled (their lines say how each ended).
	Abandoned bool
	// NotUTF8Line is the first line that was not UTF-8 text (0: none).
	NotUTF8Line int
	// NotUTF8Encoding is the encoding that line is guessed to be in
	// (EncodingGBK, EncodingUTF16), for the advice on converting it.
	NotUTF8Encoding string
	// CSVHeaderOnly is the header of CSV input that had no row after it.
	CSVHeaderOnly []string
	// RecordsLost counts the lines' records (journal rows, quotation
	// records, results for --resume) that the local store could not
	// write, and RecordsLostErr is why; set by the command once the
	// store's queue is flushed.
	RecordsLost    int64
	RecordsLostErr error
}

// severity ranks exit codes for a batch's own exit code: the most severe
// is the one that most needs a person. 8 and 5 first (something may have
// happened that the script does not know of), then a bug, a reply that
// cannot be trusted, credentials, a quota, a refusal, bad input.
var severity = map[int]int{
	failure.ExitActDoneOutputFailed: 9,
	failure.ExitNetwork:             8,
	failure.ExitUnexpected:          7,
	failure.ExitVerification:        6,
	failure.ExitAuth:                5,
	failure.ExitRateLimit:           4,
	failure.ExitRefused:             3,
	failure.ExitUsage:               2,
	failure.ExitOK:                  0,
}

// Severity is the rank of an exit code in the batch exit rule.
func Severity(code int) int { return severity[code] }
