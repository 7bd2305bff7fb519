package vehicles

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdVehicles(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdVehicles(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"-q", "Bora", "--page", "2", "--page-size", "5"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Query != "Bora" || got.Page != 2 || got.PageSize != 5 || got.VIN != "" {
		t.Fatalf("%+v", got)
	}
	for _, bad := range [][]string{{}, {"--query", "a", "--vin", "LSVAM4187C2184321"}, {"--vin", "SHORT"}, {"-q", "a", "--page-size", "99"}} {
		if err := run(e, bad...); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d %v", bad, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Errorf("bad flags sent %d requests", len(e.Received()))
	}
}

// In a script: JSON with each model's id, which is what the vehicle form
// needs, from the sandbox's model search.
func TestSearchInAScript(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "--query", "Bora"); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, e.Out.String())
	}
	if r.Total != 2 || len(r.Models) != 2 || r.Models[0].ID != "FVAABD0101" || r.Models[0].Seats != 5 {
		t.Fatalf("%+v", r)
	}
	paths := e.ReceivedPaths()
	if len(paths) != 1 || !strings.HasSuffix(paths[0], "/sunshine/Partner/netVehicleModel.action") {
		t.Fatalf("asked %v", paths)
	}

	e.Reset()
	if err := run(e, "--vin", "lsvam4187c2184321", "--page-size", "1"); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.Total != 2 || len(r.Models) != 1 || !strings.Contains(r.Models[0].Name, "上汽大众") {
		t.Fatalf("%v %+v", err, r)
	}
}

// On a terminal: a table, and where to find more.
func TestSearchOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e, "--query", "伊兰特", "--page-size", "2"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "XDAAMD0045") || strings.Contains(out, "XDAAMD0017") {
		t.Fatalf("%s", out)
	}
	if !strings.Contains(e.ErrOut.String(), "--page 2") {
		t.Errorf("no hint of more: %s", e.ErrOut.String())
	}
	e.Reset()
	if err := run(e, "--query", "nothing-like-it"); err != nil || !strings.Contains(e.Out.String(), "no model matches") {
		t.Fatalf("%v %s", err, e.Out.String())
	}
}

// A VIN with a letter no VIN has (I, O, Q) is refused before anything is
// sent, naming --vin and the character.
func TestVINWithAnImpossibleLetterIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "--vin", "LSVAM4187C218432I")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--vin") || !strings.Contains(err.Error(), "character 17") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if len(e.Received()) != 0 {
		t.Errorf("sent %d requests", len(e.Received()))
	}
}

// On a terminal the "more" hint follows the table it is about, and the
// last page offers no further one.
func TestMoreHintFollowsTheTableAndStopsAtTheLastPage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.ErrOut = e.F.IOStreams.Out // one screen
	if err := run(e, "--query", "Bora", "--page-size", "1"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if table, hint := strings.Index(out, "FVAABD0101"), strings.Index(out, "--page 2 for more"); table < 0 || hint < table {
		t.Fatalf("hint before the table:\n%s", out)
	}
	e.Out.Reset()
	if err := run(e, "--query", "Bora", "--page-size", "1", "--page", "2"); err != nil {
		t.Fatal(err)
	}
	if out := e.Out.String(); !strings.Contains(out, "FVAABD0102") || strings.Contains(out, "for more") {
		t.Fatalf("last page:\n%s", out)
	}
}
