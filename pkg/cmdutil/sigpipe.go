package cmdutil

import "github.com/insurekit/insure/internal/sigpipe"

// IgnoreSIGPIPE makes a write to a closed stdout or stderr fail with
// EPIPE instead of killing the process, for the rest of the process: the
// callers (a batch, an act printing its result) are the last thing a
// command does, and a command that has bought, issued or cancelled must
// get to say so. httpx does the same before it sends an act, so that a
// closed stderr under -v cannot end the process between the act and its
// journal row.
func IgnoreSIGPIPE() { sigpipe.Ignore() }
