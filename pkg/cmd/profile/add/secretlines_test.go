package add

import (
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A file of two lines piped to --secret-stdin (the key and a comment, two
// keys) is refused, not saved as one secret that fails only later at the
// provider; the trailing line break of echo is still fine. Neither line is
// repeated.
func TestAddSecretStdinRefusesMoreThanOneLine(t *testing.T) {
	for _, stdin := range []string{secret + "\n# ebao test key\n", secret + "\r\nsecond-line-9k"} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.WriteString(stdin)
		err := run(e, "ci", "--secret-stdin", "ebao.secret-key")
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Fatalf("exit %d: %s", cmdutil.ExitCode(err), hide(fmt.Sprint(err)))
		}
		msg := shown(e, err)
		if !strings.Contains(msg, "--secret-stdin ebao.secret-key: holds a line break: a secret is one line") {
			t.Errorf("%s", hide(msg))
		}
		if strings.Contains(msg, secret) || strings.Contains(msg, "ebao test key") || strings.Contains(msg, "second-line-9k") {
			t.Errorf("a line of stdin is repeated: %s", hide(msg))
		}
		notWritten(t, e)
	}
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(secret + "\n")
	if err := run(e, "ci", "--secret-stdin", "ebao.secret-key"); err != nil {
		t.Fatal(hide(err.Error()))
	}
	if c, _ := saved(t, e); c.File.Profiles["ci"]["ebao"]["secret-key"] != secret {
		t.Error("the secret with echo's line break was not saved as one line")
	}
}
