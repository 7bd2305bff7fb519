package find_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/find"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
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
	run(t, e, "cancel", "--provider", "ebao", policy, "--yes")
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-1", "--yes")
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
		{"京J97896", []string{"renewal looked up"}, []string{"renewal"}, nil, []string{"renewal looked up"}},
		{session, []string{"policy ", "issued"}, []string{"txn.100", "txn.105", "txn.130"}, []string{"quotation"}, nil},
		{sunPolicy, []string{"policy ", "issued"}, []string{"txn.100", "txn.130"}, nil, nil},
		{"冀A00021", []string{"issued"}, []string{"txn.130"}, nil, []string{"sunshine txn.130", "issued"}},
		// The insured's resident ID: found by its hash, never shown.
		{"440106198001011234", []string{"issued"}, []string{"txn.120"}, nil, nil},
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
			if strings.Contains(out, "440106198001011234") || strings.Contains(out, "张三") {
				t.Error("find shows personal data")
			}

			e.F.IOStreams.SetStdoutTTY(true)
			tty := run(t, e, "find", c.key)
			first, _, _ := strings.Cut(tty, "\n")
			if !strings.Contains(first, c.state[0]) {
				t.Errorf("terminal output does not start with the state:\n%s", tty)
			}
			for _, want := range append(c.tableBits, "history show") {
				if !strings.Contains(strings.ToLower(tty), want) {
					t.Errorf("terminal output lacks %q:\n%s", want, tty)
				}
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
