package gen

import "bytes"

// manSections are the sections every man page carries besides cobra's:
// what a script checks ($?), what the environment changes, and where
// insure keeps its files. They follow `insure help exit-codes`,
// `insure help environment` and pkg/config.
const manSections = `.SH EXIT STATUS
.TP
.B 0
success; also "no" at a confirmation (nothing was sent)
.TP
.B 1
unexpected failure: a bug or a local I/O error
.TP
.B 2
usage or input validation error: nothing was sent
.TP
.B 3
authentication refused: bad key, bad signature, expired or unknown token
.TP
.B 4
the provider answered and refused the request
.TP
.B 5
network failure or timeout: the outcome may be unknown, stderr says so
.TP
.B 6
the response failed verification (signature, unparseable body)
.TP
.B 7
rate limit or quota exceeded
.TP
.B 8
the act went through but its result could not be printed: do not repeat it
.TP
.B 129
hung up (SIGHUP: the terminal closed)
.TP
.B 130
interrupted by Ctrl\-C (SIGINT, or Ctrl\-C at a prompt)
.TP
.B 143
terminated by SIGTERM
.PP
See \fBinsure help exit\-codes\fP.
.SH ENVIRONMENT
.TP
.B INSURE_<FLAG>
any global flag, e.g. \fBINSURE_PROFILE\fP, \fBINSURE_CONFIG\fP, \fBINSURE_OUTPUT\fP, \fBINSURE_TIMEOUT\fP; a flag on the command line wins
.TP
.B INSURE_<PROVIDER>_<FIELD>
a profile setting, e.g. \fBINSURE_EBAO_SECRET_KEY\fP, \fBINSURE_PAODING_PASSWORD\fP
.TP
.B INSURE_SANDBOX_URL
the address of a running \fBinsure sandbox serve\fP, used by the sandbox profile instead of its in\-process fakes
.TP
.B INSURE_SANDBOX_FAULTS
faults \fBinsure sandbox serve\fP injects
.TP
.B INSURE_STATE_DIR
the state directory (default below)
.TP
.B XDG_CONFIG_HOME, XDG_STATE_HOME
where the config file and the state directory live
.TP
.B NO_COLOR, TERM=dumb
no colour
.TP
.B CI
never prompt (as \fB\-\-no\-input\fP)
.TP
.B COLUMNS
the width tables are fitted to (default: the terminal's)
.TP
.B INSURE_PAGER, PAGER
the pager of \fBinsure find\fP and \fBinsure history list|show\fP on a terminal (default \fBless \-FRX\fP; "cat" or empty for none)
.TP
.B BROWSER
what \fBinsure renew \-\-open\fP starts: a colon\-separated list of commands, %s for the page (default xdg\-open, open, rundll32)
.TP
.B SSL_CERT_FILE, SSL_CERT_DIR
the CA certificates trusted instead of the system's
.PP
See \fBinsure help environment\fP.
.SH FILES
.TP
.I $XDG_CONFIG_HOME/insure/config.yaml
profiles (mode 0600); \fB\-\-config\fP or \fBINSURE_CONFIG\fP to use another
.TP
.I $XDG_STATE_HOME/insure/insure.db
tokens, the request journal (\fBinsure history\fP), cached look\-ups and sessions
.TP
.I $XDG_STATE_HOME/insure/sandbox/
the sandbox's orders, policies and tokens (\fBinsure sandbox reset\fP empties it)
.PP
With XDG_STATE_HOME unset the state directory is \fI~/.local/state/insure\fP.
`

// withManSections puts manSections before SEE ALSO (or at the end).
func withManSections(page []byte) []byte {
	at := bytes.Index(page, []byte(".SH SEE ALSO"))
	if at < 0 {
		return append(append(page, '\n'), manSections...)
	}
	out := append([]byte{}, page[:at]...)
	out = append(out, manSections...)
	return append(out, page[at:]...)
}
