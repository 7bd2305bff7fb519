package find_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/doctor"
)

// insure doctor's eBao probe quotes the example car, and `insure find
// 沪A6U615` listed its quotation beside the customers' with nothing to say
// it was doctor's. A story leaves doctor's probes out and counts them;
// --probes keeps them, marked, and the state is still the customers'.
func TestFindLeavesDoctorsProbesOutOfTheStory(t *testing.T) {
	cmdtest.LocalZone(t, time.FixedZone("CST", 8*3600))
	t.Setenv("COLUMNS", "160")
	e := cmdtest.New(t, cmdtest.Options{})
	customer := field(t, run(t, e, "quote", "--provider", "ebao", "-f", examples+"ebao/quote.json"), "quotationNumber")
	e.Reset()
	dr := doctor.NewCmdDoctor(e.F, nil)
	dr.SetArgs([]string{"--provider", "ebao"})
	dr.SetOut(e.Out)
	dr.SetErr(e.ErrOut)
	if err := dr.Execute(); err != nil {
		t.Fatalf("doctor: %v\n%s", err, e.Out)
	}
	var rep doctor.Report
	if err := json.Unmarshal(e.Out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	probe := ""
	for _, c := range rep.Checks {
		if c.Name == "credentials" {
			probe = strings.Fields(strings.TrimPrefix(c.Detail, "the sample quotation "))[0]
		}
	}
	if !strings.HasPrefix(probe, "Q") || probe == customer {
		t.Fatalf("doctor's quotation %q (customer's %s)", probe, customer)
	}

	// A pipe: JSON without the probe, with its count.
	var story struct {
		State         string `json:"state"`
		ProbesLeftOut int    `json:"probes_left_out"`
		Steps         []struct {
			Outcome string            `json:"outcome"`
			Probe   string            `json:"probe"`
			Keys    map[string]string `json:"keys"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(run(t, e, "find", "沪A6U615")), &story); err != nil {
		t.Fatal(err)
	}
	if story.ProbesLeftOut != 1 || len(story.Steps) != 1 || story.Steps[0].Keys["quotationNumber"] != customer {
		t.Errorf("pipe: %+v", story)
	}
	// --probes: every step, the probe marked; the state is the customer's.
	story.ProbesLeftOut, story.Steps = 0, nil
	if err := json.Unmarshal([]byte(run(t, e, "find", "沪A6U615", "--probes")), &story); err != nil {
		t.Fatal(err)
	}
	if story.ProbesLeftOut != 0 || len(story.Steps) != 2 || story.Steps[1].Probe != "doctor" || story.Steps[1].Keys["probe"] != "doctor" ||
		!strings.Contains(story.State, customer) || strings.Contains(story.State, probe) {
		t.Errorf("pipe --probes: %+v", story)
	}

	e.F.IOStreams.SetStdoutTTY(true)
	out := run(t, e, "find", "沪A6U615")
	if strings.Contains(out, probe) || !strings.Contains(out, customer) ||
		!strings.Contains(out, "(1 insure doctor probe left out: insure -p sandbox find 沪A6U615 --probes keeps them)") {
		t.Errorf("terminal:\n%s", out)
	}
	out = run(t, e, "find", "沪A6U615", "--probes")
	if !strings.Contains(out, "ok (doctor's probe)") || !strings.Contains(out, probe) || strings.Contains(out, "left out") ||
		strings.Contains(out, "probe=doctor") {
		t.Errorf("terminal --probes:\n%s", out)
	}
	if state, _, _ := strings.Cut(out, "\n"); !strings.Contains(state, customer) || strings.Contains(state, probe) {
		t.Errorf("terminal --probes: the state %q is not the customer's quotation", state)
	}
	// A key only a probe carries: its story is told, and said to be
	// doctor's.
	out = run(t, e, "find", probe)
	if !strings.HasPrefix(out, "insure doctor's probes only: quotation "+probe) || !strings.Contains(out, "ok (doctor's probe)") {
		t.Errorf("find %s:\n%s", probe, out)
	}
}
