package api

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

const examplesDir = "../../../examples/"

// An answer that fails verification is exit 6 in every format. With -o
// raw, which promises the body as received (the error's hint says so),
// the body is on stdout and stderr flags it as untrusted, as insure quote
// does; other formats print nothing untrusted.
func TestEbaoUnverifiedAnswerIsShownOnlyWithRaw(t *testing.T) {
	for _, format := range []string{"raw", "json"} {
		e := cmdtest.New(t, cmdtest.Options{Faults: "ebao=tamper"})
		e.F.Globals.Output = format
		err := run(e, "ebao", "quotation", "-f", examplesDir+"ebao/quote.json")
		if cmdutil.ExitCode(err) != 6 || !strings.Contains(err.Error(), "does not match its body") {
			t.Fatalf("-o %s: exit %d: %v", format, cmdutil.ExitCode(err), err)
		}
		shown := strings.Contains(e.Out.String(), `"quotationNumber"`)
		flagged := strings.Contains(e.ErrOut.String(), "UNVERIFIED")
		if format == "raw" && (!shown || !flagged) {
			t.Errorf("-o raw: stdout %q stderr %q", e.Out, e.ErrOut)
		}
		if format != "raw" && (e.Out.Len() != 0 || flagged) {
			t.Errorf("-o %s printed the untrusted body: %q", format, e.Out)
		}
	}
}

// A bad body in a script is reported field by field (exit 2) before
// --yes is asked for: "--yes is required" would hide what to fix, and
// adding --yes would only then reveal it. Nothing is sent.
func TestEbaoBadBodyIsReportedBeforeYesIsAsked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, op := range []string{"issuance", "cancellation"} {
		e.In.Reset()
		e.In.WriteString(`{"channelCode":"AXA_TP"}`)
		err := run(e, "ebao", op, "-f", "-")
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || len(fe.Fields) == 0 || strings.Contains(err.Error(), "--yes") {
			t.Errorf("%s: exit %d: %v", op, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
	// A valid body still needs --yes.
	err := run(e, "ebao", "cancellation", "-f", examplesDir+"ebao/cancel.json")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") || len(e.Received()) != 0 {
		t.Fatalf("valid body without --yes: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}
