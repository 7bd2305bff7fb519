package bihu

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// The login timeout is signed and sent in whole seconds, so 1.5s was
// signed as 1 without a word. A fraction of a second is a usage error
// naming where it came from (the flag, or the variable that set the
// profile's), the rule and an example; whole durations still work.
func TestLoginSessionTimeoutTakesWholeSecondsOnly(t *testing.T) {
	for _, c := range []struct{ flag, env, field string }{
		{"1.5s", "", "--session-timeout"},
		{"1500ms", "", "--session-timeout"},
		{"", "1.5s", "INSURE_BIHU_SESSION_TIMEOUT"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", c.env)
		args := []string{"login", "--timestamp", docTime}
		if c.flag != "" {
			args = append(args, "--session-timeout", c.flag)
		}
		err := run(e, args...)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || len(fe.Fields) != 1 {
			t.Fatalf("%+v: exit %d: %v", c, cmdutil.ExitCode(err), err)
		}
		f := fe.Fields[0]
		if f.Field != c.field || !strings.Contains(f.Rule, "whole seconds") || !strings.Contains(f.Rule, `"`+c.flag+c.env+`"`) ||
			!strings.Contains(f.Rule, "30m or 1800s") || !strings.Contains(f.Example, "30m") {
			t.Errorf("%+v: %+v", c, f)
		}
		if e.Out.Len() != 0 {
			t.Errorf("%+v: printed %q", c, e.Out)
		}
	}
	e := cmdtest.New(t, cmdtest.Options{})
	t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", "")
	if err := run(e, "login", "--timestamp", docTime, "--session-timeout", "1m30s"); err != nil {
		t.Fatal(err)
	}
	if r := result(t, e); r.Params["timeout"] != "90" {
		t.Fatalf("%+v", r)
	}
}
