package find_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/mattn/go-runewidth"
)

const examples = "../../../examples/"

func run(t *testing.T, e *cmdtest.Env, args ...string) string {
	t.Helper()
	e.Reset()
	cmd := root.NewCmdRoot(e.F)
	cmd.SetArgs(append([]string{"-p", config.SandboxProfile}, args...))
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v: exit %d: %v\n%s", args, cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
	return e.Out.String()
}

func field(t *testing.T, out, name string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %q", out)
	}
	s, _ := m[name].(string)
	if s == "" {
		t.Fatalf("no %s in %s", name, out)
	}
	return s
}

func TestFlagParsing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *find.Options
	cmd := find.NewCmdFind(e.F, func(o *find.Options) error { got = o; return nil })
	cmd.SetArgs([]string{" P2612 "})
	if err := cmd.Execute(); err != nil || got.Key != "P2612" {
		t.Fatalf("%v %+v", err, got)
	}
	cmd = find.NewCmdFind(e.F, func(*find.Options) error { return nil })
	cmd.SetArgs([]string{})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("no KEY: %v", err)
	}
}

// Every provider's flow on the sandbox, then find by each identifier it
// produced, in a pipe (JSON) and on a terminal.
func TestFindTellsEachStory(t *testing.T) {
	// A wide terminal: this test reads the story, not how a narrow one is cut.
	t.Setenv("COLUMNS", "240")
	e := cmdtest.New(t, cmdtest.Options{})
	quotation := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	policy := field(t, run(t, e, "issue", "--provider", "ebao", "-f", examples+"ebao/issue.json", "--quote", quotation, "--yes"), "policyNumber")
	endorsement := field(t, run(t, e, "cancel", "--provider", "ebao", policy, "--yes"), "endorsement_number")
	platformOrder := field(t, run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-1", "--yes"), "platformOrderNum")
	run(t, e, "renew", "--provider", "bihu", "--plate", "京J97896")
	session := field(t, run(t, e, "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三",
		"--mobile", "13800000000", "-f", examples+"sunshine/answers-quote.yaml"), "sessionId")
	var issued struct {
		PolicyNos map[string]string `json:"policyNos"`
	}
	out := run(t, e, "issue", "--provider", "sunshine", "--session", session, "-f", examples+"sunshine/answers-issue.yaml", "--check-pay-no", "B5000M386466139260786", "--yes")
	if err := json.Unmarshal([]byte(out), &issued); err != nil || issued.PolicyNos["biz"] == "" {
		t.Fatalf("sunshine issue printed %q", out)
	}
	sunPolicy := issued.PolicyNos["biz"]

	type story struct {
		State string
		Steps []struct {
			ID                 int64
			Step, Provider     string
			Operation, Outcome string
			Profile            string
			ExitClass          int `json:"exit_class"`
		}
	}
	cases := []struct {
		key       string
		state     []string // in the state line
		steps     []string // operations that must be in the story, in order
		notSteps  []string
		tableBits []string
	}{
		{policy, []string{"policy " + policy, "issued", "cancelled"}, []string{"quotation", "issuance", "cancellation"}, []string{"report.buy", "renewal"}, []string{"cancelled", "ebao cancellation"}},
		{quotation, []string{"policy " + policy, "cancelled"}, []string{"quotation", "issuance", "cancellation"}, nil, nil},
		{"沪A6U615", []string{"policy " + policy}, []string{"quotation", "issuance", "cancellation"}, nil, nil},
		{"LSVAU2180N2183294", []string{"order SUP-1", "bought"}, []string{"report.buy"}, []string{"quotation"}, []string{"bought"}},
		{"SUP-1", []string{"order SUP-1", "bought"}, []string{"report.buy"}, nil, nil},
		// The numbers the answers give: the platform's order number (named
		// platformOrderNum by report.buy) and a cancellation's endorsement.
		{platformOrder, []string{"order SUP-1", "bought"}, []string{"report.buy"}, nil, nil},
		{endorsement, []string{"policy " + policy, "cancelled"}, []string{"quotation", "issuance", "cancellation"}, nil, nil},
		{"京J97896", []string{"renewal looked up"}, []string{"renewal"}, nil, []string{"renewal looked up"}},
		{session, []string{"policies ", " and ", "issued"}, []string{"txn.100", "txn.105", "txn.130"}, []string{"quotation"}, nil},
		{sunPolicy, []string{"policies ", " and ", "issued"}, []string{"txn.100", "txn.130"}, nil, nil},
		{"冀A00021", []string{"issued"}, []string{"txn.130"}, nil, []string{"sunshine txn.130", "issued"}},
		// The insured's resident ID: found by its hash, never shown.
		{"440106198001011230", []string{"issued"}, []string{"txn.120"}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			e.F.IOStreams.SetStdoutTTY(false)
			out := run(t, e, "find", c.key)
			var s story
			if err := json.Unmarshal([]byte(out), &s); err != nil {
				t.Fatalf("JSON: %v\n%s", err, out)
			}
			for _, want := range c.state {
				if !strings.Contains(s.State, want) {
					t.Errorf("state %q lacks %q", s.State, want)
				}
			}
			var ops []string
			for i, st := range s.Steps {
				ops = append(ops, st.Operation)
				if i > 0 && st.ID <= s.Steps[i-1].ID {
					t.Errorf("steps out of order: %+v", s.Steps)
				}
				if st.Profile != config.SandboxProfile || st.Outcome != "ok" || st.ExitClass != 0 {
					t.Errorf("step %+v", st)
				}
			}
			joined := " " + strings.Join(ops, " ") + " "
			at := 0
			for _, want := range c.steps {
				i := strings.Index(joined[at:], " "+want+" ")
				if i < 0 {
					t.Fatalf("story %v lacks %s (in order)", ops, want)
				}
				at += i + 1
			}
			for _, not := range c.notSteps {
				if strings.Contains(joined, " "+not+" ") {
					t.Errorf("story %v has %s", ops, not)
				}
			}
			if strings.Contains(out, "440106198001011230") || strings.Contains(out, "张三") {
				t.Error("find shows personal data")
			}

			e.F.IOStreams.SetStdoutTTY(true)
			e.F.IOStreams.SetStderrTTY(true)
			defer e.F.IOStreams.SetStderrTTY(false)
			tty := run(t, e, "find", c.key)
			first, _, _ := strings.Cut(tty, "\n")
			if !strings.Contains(first, c.state[0]) {
				t.Errorf("terminal output does not start with the state:\n%s", tty)
			}
			for _, want := range c.tableBits {
				if !strings.Contains(strings.ToLower(tty), want) {
					t.Errorf("terminal output lacks %q:\n%s", want, tty)
				}
			}
			if !strings.Contains(e.ErrOut.String(), "A step's request and answer: insure history show ID\n") {
				t.Errorf("stderr does not say how to see a step: %q", e.ErrOut.String())
			}
		})
	}
}

func TestFindUnknownKeyIsExit2(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	cmd := root.NewCmdRoot(e.F)
	cmd.SetArgs([]string{"-p", config.SandboxProfile, "find", "NOTHING-1"})
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "NOTHING-1") {
		t.Fatalf("%v", err)
	}
}

// exec runs insure with args and returns its exit code.
func exec(e *cmdtest.Env, args ...string) int {
	e.Reset()
	cmd := root.NewCmdRoot(e.F)
	cmd.SetArgs(append([]string{"-p", config.SandboxProfile}, args...))
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmdutil.ExitCode(cmd.Execute())
}

// A provider that refuses inside a 200 (Paoding's business code 30010,
// injected by the sandbox; Bihu's 206 for a vehicle without a record;
// Sunshine's status 400 in the envelope of a 200) is
// a failed step in find, with the exit class the command gave and the
// provider's code and message, in JSON and on a terminal; history list
// --status failed lists it, --status ok does not.
func TestFindShowsARefusalInsideA200(t *testing.T) {
	t.Setenv("COLUMNS", "240")
	cmdtest.LocalZone(t, time.FixedZone("CST", 8*3600))
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=code:30010"})
	if code := exec(e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "REF-1", "--yes"); code != 4 {
		t.Fatalf("buy refused with 30010: exit %d\n%s", code, e.ErrOut.String())
	}
	if code := exec(e, "renew", "--plate", "京J97897"); code != 4 {
		t.Fatalf("renewal without a record: exit %d\n%s", code, e.ErrOut.String())
	}
	if code := exec(e, "api", "sunshine", "105", "--session", "20260302999999999999"); code != 4 {
		t.Fatalf("a step of an unknown session: exit %d\n%s", code, e.ErrOut.String())
	}
	for _, c := range []struct {
		key, op, code, status string
		httpStatus            int
	}{
		{"REF-1", "report.buy", "30010", "bought", 200},
		{"京J97897", "renewal", "206", "renewal looked up", 206},
		{"20260302999999999999", "txn.105", "400", "quoted", 200},
	} {
		t.Run(c.key, func(t *testing.T) {
			e.F.IOStreams.SetStdoutTTY(false)
			out := run(t, e, "find", c.key)
			var s struct {
				State string
				Steps []struct {
					ID                       int64
					Operation, Outcome, Code string
					Message                  string
					Status                   int
					ExitClass                int `json:"exit_class"`
				}
			}
			if err := json.Unmarshal([]byte(out), &s); err != nil {
				t.Fatalf("JSON: %v\n%s", err, out)
			}
			if e.ErrOut.Len() != 0 {
				t.Errorf("stderr in a pipe: %q", e.ErrOut.String())
			}
			last := s.Steps[len(s.Steps)-1]
			if last.Operation != c.op || last.Status != c.httpStatus || last.Outcome != "failed" || last.ExitClass != 4 || last.Code != c.code || last.Message == "" {
				t.Errorf("the refused step: %+v", last)
			}
			if want := "failed, exit 4 [" + c.code + "]: " + last.Message; !strings.Contains(s.State, want) {
				t.Errorf("state %q lacks %q", s.State, want)
			}

			e.F.IOStreams.SetStdoutTTY(true)
			tty := run(t, e, "find", c.key)
			row := ""
			for _, l := range strings.Split(tty, "\n") {
				if strings.Contains(l, c.op) {
					row = l
				}
			}
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00 +` + c.status + ` +failed 4 +` + fmt.Sprint(last.ID) + ` +sandbox +\S+ ` + regexp.QuoteMeta(c.op) + ` `).MatchString(row) {
				t.Errorf("terminal row %q in:\n%s", row, tty)
			}
			if !strings.Contains(tty, "failed, exit 4 ["+c.code+"]") {
				t.Errorf("terminal state:\n%s", tty)
			}

			// At 80 columns the time keeps its zone (in its cells, or in
			// the header when the same in every row) and the outcome its
			// exit class; free text gives way.
			t.Setenv("COLUMNS", "80")
			narrow := run(t, e, "find", c.key)
			_, table, _ := strings.Cut(narrow, "\n\n")
			for _, l := range strings.Split(strings.TrimSpace(table), "\n") {
				if w := runewidth.StringWidth(l); w > 80 {
					t.Errorf("a %d-column row: %q", w, l)
				}
			}
			if !regexp.MustCompile(`:\d\d( \+08:00)? +\S.*? +failed 4 +`+fmt.Sprint(last.ID)+` `).MatchString(table) || !strings.Contains(table, "+08:00") {
				t.Errorf("at 80 columns:\n%s", narrow)
			}
		})
	}

	e.F.IOStreams.SetStdoutTTY(false)
	ids := func(args ...string) map[string]string {
		var rows []struct {
			Operation, Outcome string
			ExitClass          int `json:"exit_class"`
		}
		if err := json.Unmarshal([]byte(run(t, e, append([]string{"history", "list", "-L", "0"}, args...)...)), &rows); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range rows {
			got[r.Operation] = fmt.Sprintf("%s %d", r.Outcome, r.ExitClass)
		}
		return got
	}
	if got := ids("--status", "failed"); got["report.buy"] != "failed 4" || got["renewal"] != "failed 4" || got["txn.105"] != "failed 4" {
		t.Errorf("--status failed: %v", got)
	}
	if got := ids("--status", "ok"); got["report.buy"] != "" || got["renewal"] != "" || got["token.generate"] != "ok 0" {
		t.Errorf("--status ok: %v", got)
	}
}

// A purchase whose answer never came, then insure's look-ups that did not
// find the order (yet): the state named only the last look-up's 30080,
// "no order has this orderId", and an agent would say "not bought". The
// purchase still in doubt is named too.
func TestFindNamesTheSubjectsUnknownPurchaseBeforeItsLookUps(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop"})
	if code := exec(e, "vin-report", "buy", "--vin", "LSVAU2180N2183304", "--brand-factory", "20", "--order-id", "SUP-DROP", "--yes", "--timeout", "300ms"); code == 0 {
		t.Fatal("the dropped purchase succeeded")
	}
	e.F.IOStreams.SetStdoutTTY(false)
	var s find.Story
	if err := json.Unmarshal([]byte(run(t, e, "find", "SUP-DROP")), &s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.State, "outcome unknown: bought (paoding report.buy") {
		t.Errorf("state %q", s.State)
	}
}

// An act still in doubt comes with the command that settles it: in JSON
// as "settle", on a terminal on stderr under the table.
func TestFindGivesTheCommandThatSettlesAnActInDoubt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/report/buy=drop"})
	if code := exec(e, "vin-report", "buy", "--vin", "LSVAU2180N2183304", "--brand-factory", "20", "--order-id", "SUP-SETTLE", "--yes", "--timeout", "300ms"); code == 0 {
		t.Fatal("the dropped purchase succeeded")
	}
	e.F.IOStreams.SetStdoutTTY(false)
	var s find.Story
	if err := json.Unmarshal([]byte(run(t, e, "find", "SUP-SETTLE")), &s); err != nil {
		t.Fatal(err)
	}
	if want := "insure -p sandbox vin-report buy --vin LSVAU2180N2183304 --brand-factory 20 --order-id SUP-SETTLE --yes  # and the --engine and --notify-url the first run gave, if any"; s.Settle != want {
		t.Errorf("settle %q, want %q", s.Settle, want)
	}
	e.F.IOStreams.SetStdoutTTY(true)
	e.F.IOStreams.SetStderrTTY(true)
	run(t, e, "find", "SUP-SETTLE")
	if !strings.Contains(e.ErrOut.String(), "To settle the act in doubt (nothing is done twice): insure -p sandbox vin-report buy --vin LSVAU2180N2183304 --brand-factory 20 --order-id SUP-SETTLE --yes  # and the --engine and --notify-url the first run gave, if any") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
}
