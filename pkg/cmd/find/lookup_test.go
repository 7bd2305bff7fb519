package find_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
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

// A name is matched by its salted hash, and find never repeats one it was
// given (docs/support.md): a name not in the journal used to be echoed in
// the error, on stderr and in the JSON error on stdout. An identifier
// that finds nothing is still named.
func TestFindDoesNotRepeatAnUnknownName(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		for _, name := range []string{"李四", "Li Si", "Shop.Zhang"} {
			err := findErr(e, name)
			if cmdutil.ExitCode(err) != 2 {
				t.Fatalf("find %s: exit %d: %v", name, cmdutil.ExitCode(err), err)
			}
			if all := err.Error() + e.Out.String() + e.ErrOut.String(); strings.Contains(all, name) {
				t.Errorf("tty %v: the name %q is repeated:\n%s", tty, name, all)
			}
			if !tty && !strings.Contains(e.Out.String(), `"exit_code":2`) {
				t.Errorf("in a pipe stdout lacks the JSON error: %q", e.Out.String())
			}
		}
		if err := findErr(e, "NO-SUCH-ORDER"); cmdutil.ExitCode(err) != 2 || !strings.Contains(e.ErrOut.String(), `"NO-SUCH-ORDER"`) {
			t.Errorf("tty %v: an unknown order id is not named: %v\n%s", tty, err, e.ErrOut.String())
		}
	}
}

// A car insured twice where the older policy is cancelled after the newer
// one was issued (and the cancellation then repeated, refused): the state
// is the newest policy's, which is live. It used to be the policy
// mentioned last, "policy P1 ... cancelled; last step cancelled: failed",
// telling support the car was uninsured.
func TestFindStateOfACarIsItsNewestPolicyWhateverCameAfter(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	quoteAndIssue := func() string {
		q := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
		return field(t, run(t, e, "issue", "--provider", "ebao", "-f", examples+"ebao/issue.json", "--quote", q, "--yes"), "policyNumber")
	}
	first := quoteAndIssue()
	second := quoteAndIssue()
	run(t, e, "cancel", "--provider", "ebao", first, "--yes")
	check := func(when string) {
		t.Helper()
		e.F.IOStreams.SetStdoutTTY(false)
		var s struct{ State string }
		out := run(t, e, "find", "沪A6U615")
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("%v %s", err, out)
		}
		if !strings.HasPrefix(s.State, "policy "+second+" quoted") || !strings.Contains(s.State, "issued") ||
			strings.Contains(s.State, "cancelled") || strings.Contains(s.State, "last step") {
			t.Errorf("%s, in a pipe: state %q", when, s.State)
		}
		e.F.IOStreams.SetStdoutTTY(true)
		defer e.F.IOStreams.SetStdoutTTY(false)
		tty := run(t, e, "find", "沪A6U615")
		first, _, _ := strings.Cut(tty, "\n")
		if !strings.HasPrefix(first, "policy "+second+" quoted") || strings.Contains(first, "cancelled") {
			t.Errorf("%s, on a terminal: state line %q", when, first)
		}
	}
	check("the older policy cancelled after the newer was issued")
	if code := exec(e, "cancel", "--provider", "ebao", first, "--yes"); code != 4 {
		t.Fatalf("cancelling again: exit %d", code)
	}
	check("the older policy's cancellation repeated and refused")
	// The older policy's own story still ends with the refusal.
	e.F.IOStreams.SetStdoutTTY(false)
	if s := field(t, run(t, e, "find", first), "state"); !strings.HasPrefix(s, "policy "+first) || !strings.Contains(s, "cancelled") || !strings.Contains(s, "last step cancel attempt") {
		t.Errorf("find %s: state %q", first, s)
	}
}

// A Sunshine purchase issues a commercial and a compulsory policy, which
// the journal keeps as one value "P1,P2": find's state read "policy
// P1,P2 issued". It names them as two.
func TestFindStateNamesBothPoliciesOfASunshinePurchase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	s := field(t, run(t, e, "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000",
		"-f", examples+"sunshine/answers-quote.yaml"), "sessionId")
	run(t, e, "issue", "--provider", "sunshine", "--session", s, "-f", examples+"sunshine/answers-issue.yaml", "--check-pay-no", "B5000M386466139260786", "--yes")
	var got struct{ State string }
	out := run(t, e, "find", "冀A00021")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if !strings.HasPrefix(got.State, "policies P") || !strings.Contains(got.State, " and P") || strings.Contains(got.State, ",P") {
		t.Errorf("state %q", got.State)
	}
}

// Plates are printed and pasted with a space or a middle dot after the
// province and letter (京J 97896, 京J·97896), and a Chinese input method
// types letters and digits full-width (京Ｊ９７８９６); the journal keys the
// plate as 京J97896. find found none of them (exit 2, with the hint that
// keys match whole). A name typed with a space is found by its hash and,
// as ever, not repeated.
func TestFindMatchesAPlatePastedWithASpaceOrADot(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "renew", "--provider", "bihu", "--plate", "京J97896")
	for _, typed := range []string{"京J 97896", "京J·97896", "京j・97896", "京Ｊ９７８９６", "京J\u300097896", "京J﹣97896", "京J−97896"} {
		var s struct {
			Key   string
			Steps []struct{ Operation string }
		}
		out := run(t, e, "find", typed)
		if err := json.Unmarshal([]byte(out), &s); err != nil || s.Key != "京J97896" || len(s.Steps) != 1 || s.Steps[0].Operation != "renewal" {
			t.Errorf("find %q: %v %s", typed, err, out)
		}
		if !strings.Contains(e.ErrOut.String(), `showing what is keyed "京J97896"`) {
			t.Errorf("find %q: stderr does not name the key used: %q", typed, e.ErrOut.String())
		}
	}
	s := field(t, run(t, e, "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000",
		"-f", examples+"sunshine/answers-quote.yaml"), "sessionId")
	out := run(t, e, "find", "张 三")
	if !strings.Contains(out, s) {
		t.Errorf("find a name typed with a space: %s", out)
	}
	if all := out + e.ErrOut.String(); strings.Contains(all, "张") {
		t.Errorf("the name is repeated:\n%s", all)
	}
}

// A resident ID number is read out and typed in groups (440106 19800101
// 1299). find did not recognise it as one and repeated it in the error
// when nothing matched; it is masked as the number it is.
func TestFindDoesNotRepeatAResidentIDTypedInGroups(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := findErr(e, "440106 19800101 1299")
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		all := err.Error() + e.Out.String() + e.ErrOut.String()
		if strings.Contains(all, "19800101") {
			t.Errorf("tty %v: the resident ID is repeated:\n%s", tty, all)
		}
		if !strings.Contains(all, "440*************99") {
			t.Errorf("tty %v: the error does not show the masked ID:\n%s", tty, all)
		}
	}
}

// A plate pasted unquoted is two arguments (find 京J 97896); the error
// said only "accepts 1 arg(s), received 2". It says to quote the key and
// shows the command, unless the words could be a name or an ID number.
func TestFindOfSeveralWordsSaysToQuoteTheKey(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	findArgs := func(args ...string) error {
		e.Reset()
		cmd := root.NewCmdRoot(e.F)
		cmd.SetArgs(append([]string{"-p", config.SandboxProfile, "find"}, args...))
		cmd.SetOut(e.Out)
		cmd.SetErr(e.ErrOut)
		return cmd.Execute()
	}
	err := findArgs("京J", "97896")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "insure -p sandbox find '京J 97896'") {
		t.Errorf("find 京J 97896: exit %d: %v (%+v)", cmdutil.ExitCode(err), err, fe)
	}
	for _, words := range [][]string{{"Li", "Si"}, {"440106", "19800101", "1234"}} {
		err := findArgs(words...)
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "quotes") {
			t.Errorf("find %v: exit %d: %v", words, cmdutil.ExitCode(err), err)
		}
		if all := err.Error() + fe.Hint + e.Out.String() + e.ErrOut.String(); strings.Contains(all, words[1]) {
			t.Errorf("find %v: repeated:\n%s", words, all)
		}
	}
}

// On a machine where insure has sent nothing, every key finds nothing;
// the hint said what a whole identifier looks like, as if the key were
// wrong. It says the journal is empty and is this machine's.
func TestFindInAnEmptyJournalSaysSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := findErr(e, "P2612010000000001")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(e.ErrOut.String(), "no requests are recorded in this journal yet") {
		t.Errorf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
}

// A batch's generated order id is mixed case (INSBea51…); typed or pasted
// in lower or upper case it found nothing, since neither form has its
// case, and the hint offered the very id. find shows its story and says
// which key it used.
func TestFindMatchesAMixedCaseOrderIDInAnyCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "INSBea51e3bd", "--yes")
	for _, typed := range []string{"insbea51e3bd", "INSBEA51E3BD"} {
		var s struct {
			Key   string
			Steps []struct{ Operation string }
		}
		out := run(t, e, "find", typed)
		if err := json.Unmarshal([]byte(out), &s); err != nil || s.Key != "INSBea51e3bd" || len(s.Steps) == 0 {
			t.Errorf("find %s: %v %s", typed, err, out)
		}
		if !strings.Contains(e.ErrOut.String(), `showing what is keyed "INSBea51e3bd"`) {
			t.Errorf("find %s: stderr %q", typed, e.ErrOut.String())
		}
	}
}

// A mobile number is no journal key: the hint said to type a whole
// identifier, as if the number were mistyped. It says mobiles are not
// recorded and what to look up instead, and does not repeat the number.
func TestFindOfAMobileSaysMobilesAreNotKeys(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao",
		Operation: "quotation", Method: "POST", URL: "http://x/quotations", Status: 200, Keys: map[string]string{"quotationNumber": "Q1"}}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"13800000000", "138 0000 0000"} {
		err := findErr(e, key)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "mobile number is not recorded") {
			t.Fatalf("%s: exit %d: %v", key, cmdutil.ExitCode(err), err)
		}
		if all := err.Error() + fe.Hint + e.Out.String() + e.ErrOut.String(); strings.Contains(all, "13800000000") {
			t.Errorf("the mobile is repeated:\n%s", all)
		}
	}
}

// A car whose newer quotation's issuance was cut off (outcome unknown)
// after an older policy was issued: the state was the older policy's
// alone, "issued", hiding the one thing support must settle first.
func TestFindStateOfACarNamesALaterActWithAnUnknownOutcome(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	p := field(t, run(t, e, "issue", "--provider", "ebao", "-f", examples+"ebao/issue.json", "--quote", q, "--yes"), "policyNumber")
	later := time.Now().Add(time.Minute)
	for _, en := range []httpx.Entry{
		{Time: later, Operation: "quotation", Status: 200, Keys: map[string]string{"plate": "沪A6U615", "quotationNumber": "Q2612019999999999"}},
		{Time: later.Add(time.Second), Operation: "issuance", Error: "read: connection reset by peer",
			Keys: map[string]string{"quotationNumber": "Q2612019999999999"}},
	} {
		en.Profile, en.Provider, en.Method, en.URL = "sandbox", "ebao", "POST", "http://x/ebao"
		if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
			t.Fatal(err)
		}
	}
	s := field(t, run(t, e, "find", "沪A6U615"), "state")
	if !strings.HasPrefix(s, "policy "+p) || !strings.Contains(s, "outcome unknown: issued (ebao issuance, id ") {
		t.Errorf("state %q", s)
	}
	// The policy's own story has no such act in it.
	if s := field(t, run(t, e, "find", p), "state"); strings.Contains(s, "outcome unknown") {
		t.Errorf("find %s: state %q", p, s)
	}
}

// A Sunshine session not yet issued is the story's subject: its state read
// "session S session started ...".
func TestFindStateOfASessionSaysStartedOnce(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	s := field(t, run(t, e, "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三", "--mobile", "13800000000",
		"-f", examples+"sunshine/answers-quote.yaml"), "sessionId")
	state := field(t, run(t, e, "find", s), "state")
	if !strings.HasPrefix(state, "session "+s+" started ") || strings.Contains(state, "session started") {
		t.Errorf("state %q", state)
	}
}
