package bihu

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// fieldNames lists the fields a usage error names.
func fieldNames(err error) []string {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return nil
	}
	var out []string
	for _, f := range fe.Fields {
		out = append(out, f.Field)
	}
	return out
}

// An empty stdin behind --secret-stdin is one bad field among the others:
// every bad field is reported at once (exit 2), not only the first.
func TestEmptySecretStdinReportedWithOtherBadFields(t *testing.T) {
	for _, args := range [][]string{
		{"login", "--timestamp", "abc", "--secret-stdin"},
		{"renew", "LicenseNo=京J97896", "Token=" + docToken, "TimeStamp=x", "--secret-stdin"},
		{"signout", "--secret-stdin"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, args...)
		got := strings.Join(fieldNames(err), ",")
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(got, "--secret-stdin") || strings.Count(got, ",") != 1 || strings.Contains(got, "secret key") {
			t.Errorf("%v: exit %d, fields %q: %v", args, cmdutil.ExitCode(err), got, err)
		}
	}
}

// Every example in the help runs as written against the sandbox profile
// and succeeds: a --verify example carries the code the command computes.
// The examples that sign the cached session token follow the help's
// `insure -p sandbox token get --provider bihu`, so one is cached.
func TestHelpExamplesRunAsWritten(t *testing.T) {
	const prefix = "insure -p sandbox sign bihu "
	n := 0
	for _, sub := range NewCmdBihu(cmdtest.New(t, cmdtest.Options{}).F).Commands() {
		for _, line := range cmdutil.ExampleCommands(sub.Example) {
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			n++
			e := cmdtest.New(t, cmdtest.Options{})
			cacheSession(t, e, time.Hour)
			if err := run(e, strings.Fields(strings.TrimPrefix(line, prefix))...); err != nil {
				t.Errorf("%s: exit %d: %v", line, cmdutil.ExitCode(err), err)
			}
		}
	}
	if n < 6 {
		t.Fatalf("found %d sandbox examples", n)
	}
}
