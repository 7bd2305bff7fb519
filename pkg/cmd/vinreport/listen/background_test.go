package listen

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Started in the background (insure vin-report listen &, as
// getting-started runs it), it does not offer Ctrl-C, which does not
// reach a background job: it says which process to kill.
func TestListenInTheBackgroundSaysHowToStopIt(t *testing.T) {
	r := start(t, func(o *Options) { o.IO.SetInBackground(true) }).stopped(t)
	got := r.errOut.String()
	if strings.Contains(got, "Ctrl-C") || !strings.Contains(got, fmt.Sprintf("stop it with kill %d", os.Getpid())) {
		t.Errorf("stderr:\n%s", got)
	}
	r = start(t, nil).stopped(t)
	if got := r.errOut.String(); !strings.Contains(got, "(Ctrl-C to stop)") {
		t.Errorf("in the foreground, stderr:\n%s", got)
	}
}
