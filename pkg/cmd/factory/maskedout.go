package factory

import (
	"fmt"
	"io"
	"sync"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
)

// maskedStdout is stdout with every secret the process has met (a
// profile's password or key, a token) masked, unless --show-secrets.
// Commands mask what they print themselves; this catches what a provider
// echoed into an answer's data (a gateway repeating the secret it
// checked), which insure prints as received. -o raw is no exception: its
// bytes then differ from the provider's, and stderr says so once.
type maskedStdout struct {
	out     io.Writer
	errOut  io.Writer
	globals *cmdutil.GlobalOptions
	warn    sync.Once
}

func (w *maskedStdout) Write(p []byte) (int, error) {
	if w.globals.ShowSecrets {
		return w.out.Write(p)
	}
	masked, changed := httpx.MaskKnownBytes(p)
	if !changed {
		return w.out.Write(p)
	}
	w.warn.Do(func() {
		fmt.Fprintf(w.errOut, "insure: the output held a secret of this profile (a provider echoed it); it is shown as %s (--show-secrets prints it as received)\n", httpx.Mask)
	})
	if _, err := w.out.Write(masked); err != nil {
		return 0, err
	}
	return len(p), nil
}
