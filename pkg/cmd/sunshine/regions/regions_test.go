package regions

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdRegions(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdRegions(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--parent", "44", "--registration"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Parent != "44" || !got.Registration {
		t.Fatalf("%+v", got)
	}
}

// The delivery cascade, level by level, in a script.
func TestCascadeInAScript(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, step := range []struct{ parent, want string }{{"", "44"}, {"44", "4401"}, {"4401", "440106"}} {
		e.Reset()
		if err := run(e, "--parent", step.parent); err != nil {
			t.Fatal(err)
		}
		var list []sunshine.Region
		if err := json.Unmarshal(e.Out.Bytes(), &list); err != nil || !contains(list, step.want) {
			t.Fatalf("under %q: %v %s", step.parent, err, e.Out.String())
		}
	}
	e.Reset()
	if err := run(e, "--registration", "--parent", "11"); err != nil {
		t.Fatal(err)
	}
	var list []sunshine.Region
	if err := json.Unmarshal(e.Out.Bytes(), &list); err != nil || !contains(list, "110000") {
		t.Fatalf("%v %s", err, e.Out.String())
	}
}

func TestTableOnATerminal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if out := e.Out.String(); !strings.Contains(out, "广东省") {
		t.Fatalf("%s", out)
	}
}

func contains(list []sunshine.Region, code string) bool {
	for _, r := range list {
		if r.Code == code {
			return true
		}
	}
	return false
}

// A --parent no level of the cascade has is exit 2 naming --parent, with
// nothing sent, rather than an empty list that looks like "no cities".
func TestParentOfTheWrongShapeIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, bad := range [][]string{{"--parent", "abc"}, {"--parent", "440106"}, {"--parent", "44&x=1"}, {"--registration", "--parent", "4401"}} {
		err := run(e, bad...)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--parent") {
			t.Errorf("%v: exit %d: %v", bad, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Errorf("sent %d requests", len(e.Received()))
	}
	for _, good := range [][]string{{"--parent", "0"}, {"--parent", "4401"}, {"--registration", "--parent", "44"}} {
		e.Reset()
		if err := run(e, good...); err != nil || e.Out.String() == "[]\n" {
			t.Errorf("%v: %v %s", good, err, e.Out.String())
		}
	}
}
