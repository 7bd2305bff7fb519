package completion_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/spf13/cobra"
)

const examples = "../../../examples/"

// complete runs `insure __complete ARGS` and returns the candidates
// (without descriptions) and cobra's directive line (":4" is "no file
// completion", ":0" lets the shell offer file names).
func complete(t *testing.T, e *cmdtest.Env, args ...string) ([]string, string) {
	t.Helper()
	if err := run(e, append([]string{cobra.ShellCompRequestCmd, "-p", "sandbox"}, args...)...); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	lines := strings.Split(strings.TrimSpace(e.Out.String()), "\n")
	var out []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		out = append(out, v)
	}
	return out, lines[len(lines)-1]
}

func jsonField(t *testing.T, e *cmdtest.Env, name string, args ...string) string {
	t.Helper()
	if err := run(e, append([]string{"-p", "sandbox"}, args...)...); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, e.ErrOut)
	}
	var m map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &m); err != nil {
		t.Fatalf("%v: %v %s", args, err, e.Out)
	}
	s, _ := m[name].(string)
	return s
}

// The identifiers a support lookup starts from complete from the local
// journal: find KEY and history list/export --key offer policy, quotation
// and order numbers, plates and VINs (never a name's or an ID number's
// hash), history show ID the newest journal ids, --provider, --op and
// --for-profile their values; vin-report get offers Paoding's order ids
// only, not Sunshine's purchase orders, which the journal keys under the
// same name. None of them offers file names: they used to (directive :0).
func TestCompletionOffersJournalIdentifiers(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	q := jsonField(t, e, "quotationNumber", "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json")
	p := jsonField(t, e, "policyNumber", "issue", "--provider", "ebao", "-f", examples+"ebao/issue.json", "--quote", q, "--yes")
	jsonField(t, e, "orderId", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-1", "--yes")
	session := jsonField(t, e, "sessionId", "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三",
		"--mobile", "13800000000", "-f", examples+"sunshine/answers-quote.yaml")
	tb := jsonField(t, e, "tbOrderId", "issue", "--provider", "sunshine", "--session", session, "-f", examples+"sunshine/answers-issue.yaml",
		"--check-pay-no", "B5000M386466139260786", "--yes")
	if tb == "" {
		t.Fatal("the Sunshine purchase has no tbOrderId")
	}
	// An order id only looked up and refused (30080: no such order)
	// names nothing to fetch: vin-report get does not offer it.
	if err := run(e, "-p", "sandbox", "vin-report", "get", "NOPE-1"); cmdutil.ExitCode(err) != 4 {
		t.Fatalf("vin-report get NOPE-1: %v", err)
	}
	e.Reset()

	for _, tty := range []bool{false, true} {
		e.F.IOStreams.SetStdoutTTY(tty)
		e.F.IOStreams.SetStderrTTY(tty)
		for _, c := range []struct {
			args      []string
			want, not []string
		}{
			{[]string{"find", ""}, []string{p, q, "SUP-1", "LSVAU2180N2183294", "沪A6U615", session}, []string{"h:"}},
			{[]string{"find", "SUP"}, []string{"SUP-1"}, []string{p}},
			{[]string{"find", p, ""}, nil, []string{p}},
			{[]string{"history", "list", "--key", ""}, []string{p, "SUP-1"}, []string{"h:"}},
			{[]string{"history", "export", "--key", ""}, []string{p, "SUP-1"}, []string{"h:"}},
			{[]string{"history", "show", ""}, []string{"1", "2"}, nil},
			{[]string{"history", "list", "--provider", ""}, []string{"ebao", "paoding", "bihu", "sunshine"}, nil},
			{[]string{"history", "list", "--op", ""}, []string{"report.buy", "quotation", "txn.105"}, nil},
			{[]string{"history", "export", "--op", ""}, []string{"report.buy"}, nil},
			{[]string{"history", "list", "--for-profile", ""}, []string{"sandbox"}, nil},
			{[]string{"vin-report", "get", ""}, []string{"SUP-1"}, []string{tb, "NOPE-1"}},
		} {
			got, directive := complete(t, e, c.args...)
			if directive != ":4" && directive != ":36" { // 4 no files, 32 keep order
				t.Errorf("tty %v: %v: directive %s lets the shell offer file names", tty, c.args, directive)
			}
			joined := " " + strings.Join(got, " ") + " "
			for _, w := range c.want {
				if !strings.Contains(joined, " "+w+" ") {
					t.Errorf("tty %v: %v: %q not offered: %v", tty, c.args, w, got)
				}
			}
			for _, n := range c.not {
				if strings.Contains(joined, n) {
					t.Errorf("tty %v: %v: %q offered: %v", tty, c.args, n, got)
				}
			}
			if e.ErrOut.Len() != 0 && !strings.Contains(e.ErrOut.String(), "Completion ended") {
				t.Errorf("tty %v: %v: stderr %q", tty, c.args, e.ErrOut)
			}
		}
	}
}

// A command that takes one name or id offers it once: profile use, show
// and remove and configure offered file names for the profile's name,
// and vin-report get, factories get and cancel offered the same ids again
// after the one they take.
func TestCompletionOfASingleArgument(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	jsonField(t, e, "orderId", "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "ONE-1", "--yes")
	for _, args := range [][]string{{"profile", "use", ""}, {"profile", "show", ""}, {"profile", "remove", ""}, {"configure", ""}} {
		e.Reset()
		got, dir := complete(t, e, args...)
		if dir != ":4" || !slices.Contains(got, "sandbox") {
			t.Errorf("%v: %v %s", args, got, dir)
		}
	}
	for _, args := range [][]string{{"profile", "use", "sandbox", ""}, {"vin-report", "get", "ONE-1", ""}, {"vin-report", "factories", "get", "20", ""}, {"cancel", "--provider", "ebao", "P1", ""}} {
		e.Reset()
		got, dir := complete(t, e, args...)
		if dir != ":4" || len(got) != 0 {
			t.Errorf("%v: %v %s", args, got, dir)
		}
	}
}

// A command that takes no arguments offers nothing at TAB: about 35 of
// them let the shell offer file names (directive :0).
func TestCompletionOfACommandWithoutArguments(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, args := range [][]string{{"doctor", ""}, {"history", "list", ""}, {"token", "show", ""}, {"sandbox", "status", ""}, {"version", ""}, {"sign", "paoding", ""}} {
		e.Reset()
		got, dir := complete(t, e, args...)
		if dir != ":4" || len(got) != 0 {
			t.Errorf("%v: %v %s", args, got, dir)
		}
	}
}

// TAB after --set offers a profile's own defaults too (defaults.rate=,
// defaults.output=), which the docs name, and defaults.output='s formats.
func TestSetCompletesTheDefaultsSettings(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	got, _ := complete(t, e, "profile", "add", "x", "--set", "")
	joined := " " + strings.Join(got, " ") + " "
	for _, w := range []string{"defaults.rate=", "defaults.output=", "defaults.history-max-age=", "paoding.endpoint="} {
		if !strings.Contains(joined, " "+w+" ") {
			t.Errorf("%q not offered: %v", w, got)
		}
	}
	e.Reset()
	got, _ = complete(t, e, "profile", "add", "x", "--set", "defaults.output=j")
	if len(got) != 1 || got[0] != "defaults.output=json" {
		t.Errorf("defaults.output=j: %v", got)
	}
}
