package api

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func rawExample(t *testing.T, name string, edit func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(examplesDir + "sunshine/request-050.xml")
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, edit(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// A UTF-8 request file is relabelled GBK when it is sent, also when its
// text is all ASCII, and a leading byte-order mark is dropped: the
// platform takes both.
func TestRawXMLInUTF8IsSentAsGBK(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	utf8Label := func(b []byte) []byte {
		return bytes.Replace(b, []byte("encoding='GBK'"), []byte("encoding='UTF-8'"), 1)
	}
	for name, edit := range map[string]func([]byte) []byte{
		"utf8.xml": utf8Label,
		"bom.xml":  func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), b...) },
		"both.xml": func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), utf8Label(b)...) },
	} {
		e.Reset()
		if err := run(e, "sunshine", "050", "--raw-xml", "-f", rawExample(t, name, edit)); err != nil {
			t.Errorf("%s: exit %d: %v", name, cmdutil.ExitCode(err), err)
		}
	}

	// A dry run shows the relabelled declaration.
	e.Reset()
	e.F.Globals.DryRun = true
	if err := run(e, "sunshine", "050", "--raw-xml", "-f", rawExample(t, "dry.xml", utf8Label)); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	if out := e.Out.String(); !strings.Contains(out, "encoding='GBK'") || strings.Contains(out, "UTF-8") {
		t.Fatalf("dry run:\n%s", out)
	}
}

// A character GBK cannot write is named with its line and the file;
// nothing is sent.
func TestRawXMLCharacterOutsideGBKIsNamed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	f := rawExample(t, "emoji.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte("<InputsList></InputsList>"), []byte(`<InputsList><Inputs type="x"><input name="a">京A😀</input></Inputs></InputsList>`), 1)
	})
	err := run(e, "sunshine", "050", "--raw-xml", "-f", f)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, w := range []string{"emoji.xml", "line 18", `"😀"`, "U+1F600", "GBK", "txn.050"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q does not say %q", err, w)
		}
	}
	if j := string(cmdutil.ErrorJSON(err)); !strings.Contains(j, "replace or remove it") {
		t.Errorf("hint: %s", j)
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}
