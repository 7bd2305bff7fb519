package find_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

// findErr runs find and returns its error, printed as the binary prints
// it (stderr, and a JSON document on stdout in a pipe).
func findErr(e *cmdtest.Env, key string) error {
	e.Reset()
	cmd := root.NewCmdRoot(e.F)
	cmd.SetArgs([]string{"-p", config.SandboxProfile, "find", key})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	err := cmd.Execute()
	if err != nil {
		cmdutil.PrintError(e.F.IOStreams, cmdutil.RewriteHints(e.F, err), !e.F.IOStreams.IsStdoutTTY())
	}
	return err
}

// VINs, plates, policy and quotation numbers are upper case; support
// staff read them off a call or a screenshot and type them in lower case.
// find finds them, names the key it used (in JSON too) and says so on
// stderr.
func TestFindMatchesIdentifiersTypedInLowerCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-1", "--yes")
	quotation := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	for _, c := range []struct{ typed, key, op string }{
		{"lsvau2180n2183294", "LSVAU2180N2183294", "report.buy"},
		{"sup-1", "SUP-1", "report.buy"},
		{"沪a6u615", "沪A6U615", "quotation"},
		{strings.ToLower(quotation), quotation, "quotation"},
	} {
		var s struct {
			Key   string
			Steps []struct{ Operation string }
		}
		out := run(t, e, "find", c.typed)
		if err := json.Unmarshal([]byte(out), &s); err != nil || s.Key != c.key || len(s.Steps) == 0 || s.Steps[0].Operation != c.op {
			t.Errorf("find %s: %v %s", c.typed, err, out)
		}
		if !strings.Contains(e.ErrOut.String(), c.key) {
			t.Errorf("find %s: stderr does not name the key used: %q", c.typed, e.ErrOut.String())
		}
	}
}

// A part of an identifier (a plate without its province, the end of a
// VIN) finds nothing, since keys match whole; the error says which
// recorded identifiers contain it and the command that finds one.
func TestFindSuggestsTheWholeIdentifierForAPart(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json")
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-1", "--yes")
	for _, c := range []struct{ part, whole string }{{"A6U615", "沪A6U615"}, {"a6u615", "沪A6U615"}, {"N2183294", "LSVAU2180N2183294"}} {
		err := findErr(e, c.part)
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("find %s: exit %d: %v", c.part, cmdutil.ExitCode(err), err)
		}
		all := e.ErrOut.String()
		if !strings.Contains(all, "insure -p sandbox find "+cmdutil.ShellQuote(c.whole)) {
			t.Errorf("find %s: the error does not offer %s:\n%s", c.part, c.whole, all)
		}
	}
	// Nothing near: the error says keys match whole.
	err := findErr(e, "NOPE-42")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(e.ErrOut.String(), "whole") {
		t.Errorf("find NOPE-42: exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
}

// find never repeats a resident ID number it was given (docs/support.md),
// found or not: the error of one not in the journal masks it, on stderr
// and in the JSON error on stdout.
func TestFindDoesNotRepeatAnUnknownResidentID(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := findErr(e, "440106198001011299")
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		if all := err.Error() + e.Out.String() + e.ErrOut.String(); strings.Contains(all, "440106198001011299") {
			t.Errorf("tty %v: the resident ID is repeated:\n%s", tty, all)
		}
	}
}

// A car insured twice: the first policy cancelled, the second live. The
// state of the car's story is its newest policy's, and only that policy's
// milestones: it used to read "policy P2 quoted, issued, cancelled" with
// the first policy's issue and cancellation, telling support the live
// policy was cancelled.
func TestFindStateOfACarIsItsNewestPolicysOwn(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	quoteAndIssue := func() string {
		q := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
		return field(t, run(t, e, "issue", "--provider", "ebao", "-f", examples+"ebao/issue.json", "--quote", q, "--yes"), "policyNumber")
	}
	first := quoteAndIssue()
	run(t, e, "cancel", "--provider", "ebao", first, "--yes")
	second := quoteAndIssue()
	state := func(key string) string {
		var s struct{ State string }
		out := run(t, e, "find", key)
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("find %s: %v %s", key, err, out)
		}
		return s.State
	}
	for _, key := range []string{"沪A6U615", second} {
		if got := state(key); !strings.HasPrefix(got, "policy "+second+" quoted") || !strings.Contains(got, "issued") || strings.Contains(got, "cancelled") {
			t.Errorf("find %s: state %q", key, got)
		}
	}
	if got := state(first); !strings.HasPrefix(got, "policy "+first) || !strings.Contains(got, "cancelled") {
		t.Errorf("find %s: state %q", first, got)
	}
}
