package shared

import (
	"errors"
	"fmt"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/ebao"
)

// ShowUntrusted handles an answer that failed verification (exit 6). Its
// body is never printed as a result; only -o raw, which promises the bytes
// as received, shows them, with a warning on stderr saying they are not
// to be trusted. err is returned unchanged.
func ShowUntrusted(ios *iostreams.IOStreams, oo output.Options, err error) error {
	var u *ebao.UnverifiedResponse
	if failure.KindOf(err) != failure.Verification || !errors.As(err, &u) || oo.Format != "raw" || oo.JQ != "" || oo.Template != "" || len(u.Raw) == 0 {
		return err
	}
	fmt.Fprintf(ios.ErrOut, "%s UNVERIFIED: the body on stdout failed verification (%s); do not act on it\n",
		ios.ErrColorScheme().WarningIcon(), u.Reason)
	_ = output.Print(ios.Out, oo, output.Result{Raw: u.Raw}) // exactly the bytes in a pipe
	return err
}

// WarnFields prints what the request's validation found doubtful but sent
// anyway (ebao.Checked.Warnings) on stderr, before it is sent.
func WarnFields(ios *iostreams.IOStreams, op string, warnings []failure.FieldError) {
	for _, w := range warnings {
		msg := w.Field + ": " + w.Rule
		if w.Example != "" {
			msg += " (for example " + w.Example + ")"
		}
		fmt.Fprintf(ios.ErrOut, "%s ebao %s: %s; kept as given, since the document does not require it\n",
			ios.ErrColorScheme().WarningIcon(), op, iostreams.Sanitize(msg))
	}
}

// Warn prints the client's warnings (an unsigned answer) on stderr.
func Warn(ios *iostreams.IOStreams, op string, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(ios.ErrOut, "%s ebao %s: %s\n", ios.ErrColorScheme().WarningIcon(), op, iostreams.Sanitize(w))
	}
}
