package add

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A value set with the spaces around it that a copied line brings
// (--set "paoding.endpoint= http://…/ ") passed the URL rule, which
// trims, and was saved as given, so every request failed to parse the
// endpoint. It is saved trimmed.
func TestAddSavesSetValuesWithoutSurroundingSpaces(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "ci", "--set", "paoding.endpoint= http://openapi4s.beitaijf.cn/ \n", "--set", "paoding.username=acme\u3000"); err != nil {
		t.Fatal(err)
	}
	c, raw := saved(t, e)
	got := c.File.Profiles["ci"]["paoding"]
	if got["endpoint"] != "http://openapi4s.beitaijf.cn/" || got["username"] != "acme" {
		t.Fatalf("saved %q\n%s", got, raw)
	}
}

// Full-width letters and digits (a Chinese input method's) in a setting
// are refused, exit 2, with the half-width value as the example; in a
// secret read from stdin, without repeating any of the secret.
func TestAddRefusesFullWidthValues(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := run(e, "ci", "--set", "ebao.access-key=ＴｑｌＬｅｕ１")
	msg := shown(e, err)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(msg, "ebao.access-key") || !strings.Contains(msg, "full-width 'Ｔ'") ||
		!strings.Contains(msg, "--set ebao.access-key=TqlLeu1") {
		t.Fatalf("exit %d:\n%s", cmdutil.ExitCode(err), msg)
	}
	notWritten(t, e)

	e = cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("sandbox-ebao－secret")
	err = run(e, "ci", "--secret-stdin", "ebao.secret-key")
	msg = shown(e, err)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(msg, "character 13 is a full-width form") || strings.Contains(msg, "－") {
		t.Fatalf("exit %d:\n%s", cmdutil.ExitCode(err), msg)
	}
	notWritten(t, e)
}

// A profile created with no settings (a script gave none, nothing was
// asked) says it has none and how to add them: it was created in silence,
// and the next command failed for want of a setting.
func TestAddOfAnEmptyProfileSaysHowToFillItIn(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "blank"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.ErrOut.String(), `Profile "blank" has no settings yet`) || !strings.Contains(e.ErrOut.String(), "insure configure blank") {
		t.Errorf("stderr:\n%s", e.ErrOut)
	}
}
