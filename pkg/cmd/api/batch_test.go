package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/ebao"
)

func TestBatchAPIPaodingFactories(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(`{"brandFactoryId":20}` + "\n" + `{"brandFactoryId":"x"}` + "\n" + `{"brandFactoryId":21}` + "\n")
	err := run(e, "paoding", "brandFactory.get", "--batch", "-")
	var outcomes []string
	for _, l := range cmdtest.JSONLines[struct{ Outcome string }](t, e.Out.String()) {
		outcomes = append(outcomes, l.Outcome)
	}
	if len(outcomes) != 3 || outcomes[0] != "ok" || outcomes[2] != "ok" || outcomes[1] == "ok" {
		t.Fatalf("exit %d (%v): %s", cmdutil.ExitCode(err), err, e.Out)
	}
	if cmdutil.ExitCode(err) == 0 {
		t.Fatalf("exit 0 with a failed line")
	}
}

// A dry-run batch gives every line the request it would have sent;
// nothing reaches the sandbox.
func TestBatchDryRunShowsEachRequest(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	body, err := ebao.Example("quote")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, plate := range []string{"沪A6U615", "沪A6U616"} {
		doc["insuredObjects"].([]any)[0].(map[string]any)["factor_table"].(map[string]any)["P041"] = plate
		line, _ := json.Marshal(doc)
		e.In.Write(append(line, '\n'))
	}
	e.F.Globals.DryRun = true // --dry-run, a flag of the root command
	if err := run(e, "ebao", "quotation", "--batch", "-"); err != nil {
		t.Fatal(err)
	}
	type line struct {
		Line   int
		Result struct {
			DryRun  bool   `json:"dry_run"`
			Request string `json:"request"`
		}
	}
	lines := cmdtest.JSONLines[line](t, e.Out.String())
	if len(lines) != 2 {
		t.Fatalf("want 2 lines: %s", e.Out)
	}
	for i, l := range lines {
		want := []string{"沪A6U615", "沪A6U616"}[i]
		if !l.Result.DryRun || !strings.HasPrefix(l.Result.Request, "POST ") || !strings.Contains(l.Result.Request, "signature=") || !strings.Contains(l.Result.Request, want) {
			t.Errorf("line %d: %+v", l.Line, l.Result)
		}
	}
}

// A resumed api batch reports an eBao cancellation whose outcome is
// unknown without sending it again, and says, as the cancel command does,
// that cancelling the policy again settles it.
func TestBatchAPIResumedUnknownCancellationSaysHowToSettleIt(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	line := `{"policyNumber":"P2611230000000001","channelCode":"AXA_TP","applicationDate":"2027-02-01T07:31:29.738Z","applicationType":"APLY_BY_POLICY_HOLDER"}`
	if err := e.Store.PutBatchLine(t.Context(), "api ebao cancellation", config.SandboxProfile, batch.Hash([]byte(line)), store.BatchLine{Line: 1, Outcome: "in_flight"}); err != nil {
		t.Fatal(err)
	}
	e.In.WriteString(line + "\n")
	err := run(e, "ebao", "cancellation", "--batch", "-", "--resume")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	l := cmdtest.JSONLines[struct{ Outcome, Hint string }](t, e.Out.String())
	if len(l) != 1 || l[0].Outcome != "unknown" || !strings.Contains(l[0].Hint, "cancel policy P2611230000000001 again") ||
		!strings.Contains(l[0].Hint, "already cancelled") || strings.Contains(l[0].Hint, "ask eBao") {
		t.Fatalf("%s", e.Out)
	}
	if len(e.Received()) != 0 {
		t.Fatalf("resent: %v", e.ReceivedPaths())
	}
}
