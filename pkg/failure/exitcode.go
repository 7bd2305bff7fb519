package failure

// The process exit codes, as `insure help exit-codes` and DESIGN.md list
// them. Scripts branch on these numbers, so each is written out rather than
// derived from the order of the kinds.
const (
	ExitOK           = 0 // success
	ExitUnexpected   = 1 // a bug or a local I/O error
	ExitUsage        = 2 // bad flags or input; nothing was sent
	ExitAuth         = 3 // credential, signature or token refused
	ExitRefused      = 4 // the provider refused the business request
	ExitNetwork      = 5 // transport failure or timeout; the outcome may be unknown
	ExitVerification = 6 // the answer failed its signature check or did not parse
	ExitRateLimit    = 7 // rate limit or quota
	// ExitActDoneOutputFailed: the act went through, printing its result
	// failed (a --jq runtime error, a closed stdout); do not repeat it.
	ExitActDoneOutputFailed = 8
	// ExitInterrupted (128 + SIGINT) ends a command cut short by Ctrl-C.
	ExitInterrupted = 130
	// ExitTerminated (128 + SIGTERM) ends a command cut short by SIGTERM.
	ExitTerminated = 143
	// ExitHangUp (128 + SIGHUP) ends a command cut short by its terminal
	// closing.
	ExitHangUp = 129
)

// SignalOf names the signal a cancellation cause or a command's error
// stands for (SIGINT, SIGTERM, SIGHUP), or "". The cause is
// cmdutil.Interrupted, which the packages below the commands (httpx,
// batch) cannot import; its ExitCode is the signal's, 128 + its number,
// which no other error carries. The whole chain is searched: an Error
// (exit code 5) may wrap it, or be wrapped by it.
func SignalOf(err error) string {
	for err != nil {
		if coded, ok := err.(interface{ ExitCode() int }); ok {
			switch coded.ExitCode() {
			case ExitInterrupted:
				return "SIGINT"
			case ExitTerminated:
				return "SIGTERM"
			case ExitHangUp:
				return "SIGHUP"
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if sig := SignalOf(e); sig != "" {
					return sig
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}
