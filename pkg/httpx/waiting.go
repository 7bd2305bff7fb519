package httpx

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// WaitingAfter is how long a request runs before Options.Waiting hears of
// it: most answers come sooner, and a note that flashes by says nothing.
var WaitingAfter = 2 * time.Second // a var for the tests

// waitingNote says on a terminal's stderr that a request is still waiting
// for its answer, once WaitingAfter has passed, and erases the line when
// the answer (or the failure) comes. An act's note says what Ctrl-C would
// leave behind. A person saw nothing for the 20 s a slow issuance took,
// and could not tell a hang from a wait.
func waitingNote(w io.Writer, call Call) (done func()) {
	if w == nil {
		return func() {}
	}
	var mu sync.Mutex
	shown, finished := false, false
	t := time.AfterFunc(WaitingAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if finished {
			return
		}
		what := call.Provider + " " + call.Operation
		if call.Acts {
			fmt.Fprintf(w, "waiting for the answer to %s (Ctrl-C now leaves its outcome unknown)...", what)
		} else {
			fmt.Fprintf(w, "waiting for the answer to %s...", what)
		}
		shown = true
	})
	return func() {
		t.Stop()
		mu.Lock()
		defer mu.Unlock()
		finished = true
		if shown {
			fmt.Fprint(w, "\r\x1b[K") // back to the line's start, and clear it
		}
	}
}
