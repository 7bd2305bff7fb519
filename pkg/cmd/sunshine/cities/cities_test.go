package cities

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdCities(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdCities(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--city", "邯郸", "--county", "大名"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.City != "邯郸" || got.County != "大名" || got.Hot || got.Query != "" {
		t.Fatalf("%+v", got)
	}
	for _, bad := range [][]string{{"--hot", "--provinces"}, {"--county", "大名"}, {"-q", "a", "--under", "01000000"}} {
		if err := run(e, bad...); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d %v", bad, cmdutil.ExitCode(err), err)
		}
	}
	// A city typed as an argument is pointed to --query.
	if err := run(e, "北京"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--query 北京") {
		t.Errorf("sunshine cities 北京: exit %d %v", cmdutil.ExitCode(err), err)
	}
	if len(e.Received()) != 0 {
		t.Errorf("bad flags sent %d requests", len(e.Received()))
	}
}

// Each hotSign of the manual, in a script (JSON).
func TestLookUpsInAScript(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "08512200"},                                        // hot cities
		{[]string{"--query", "sjz"}, "07518800"},                 // keyword: initials
		{[]string{"--provinces"}, "07000000"},                    // provinces
		{[]string{"--under", "07000000"}, "07518900"},            // under a province
		{[]string{"--city", "邯郸", "--county", "大名"}, "07518901"}, // by name
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		if err := run(e, tc.args...); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		var list []sunshine.City
		if err := json.Unmarshal(e.Out.Bytes(), &list); err != nil {
			t.Fatalf("%v: %v %s", tc.args, err, e.Out.String())
		}
		found := false
		for _, c := range list {
			found = found || c.Code == tc.want
		}
		if !found {
			t.Errorf("%v: %s not in %+v", tc.args, tc.want, list)
		}
	}
}

func TestTableOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e, "--query", "tongzhou"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "01562800") || !strings.Contains(out, "北京 通州") {
		t.Fatalf("%s", out)
	}
}

// --under takes an 8-digit branch code; anything else is exit 2 naming
// --under, with nothing sent, rather than an empty list.
func TestUnderOfTheWrongShapeIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, bad := range []string{"abc", "07", "0700000x"} {
		err := run(e, "--under", bad)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--under") {
			t.Errorf("%q: exit %d: %v", bad, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Errorf("sent %d requests", len(e.Received()))
	}
}
