package version

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
)

// run executes `version` under a root with the global -o flag, as the
// binary does.
func runVersion(t *testing.T, tty bool, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(tty)
	root := &cobra.Command{Use: "insure", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().StringP("output", "o", "", "")
	root.PersistentFlags().String("jq", "", "")
	root.PersistentFlags().String("template", "", "")
	root.AddCommand(NewCmdVersion(ios, nil))
	root.SetArgs(append([]string{"version"}, args...))
	err := root.Execute()
	return out.String(), err
}

func TestNewCmdVersionFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *Options
	cmd := NewCmdVersion(ios, func(o *Options) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil || got == nil || !got.JSON {
		t.Fatalf("in a pipe: %v %+v", err, got)
	}
	cmd = NewCmdVersion(ios, func(*Options) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	if err := cmd.Execute(); err == nil {
		t.Error("an argument was accepted")
	}
}

func TestVersionOnATerminalIsOneLine(t *testing.T) {
	out, err := runVersion(t, true)
	if err != nil || !strings.HasPrefix(out, "insure ") || !strings.Contains(out, runtime.Version()) || strings.Count(out, "\n") != 1 {
		t.Errorf("%q %v", out, err)
	}
}

func TestVersionInAPipeIsJSON(t *testing.T) {
	for _, c := range []struct {
		tty  bool
		args []string
	}{{false, nil}, {true, []string{"-o", "json"}}} {
		out, err := runVersion(t, c.tty, c.args...)
		var got Info
		if err != nil || json.Unmarshal([]byte(out), &got) != nil || got.GoVersion != runtime.Version() || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
			t.Errorf("tty %v %v: %q %v", c.tty, c.args, out, err)
		}
	}
}

// A binary built without the release's -ldflags (go build in a clone,
// go install ...@version) said "dev (commit none, built unknown)"; it now
// reports what the Go toolchain embedded.
func TestVersionFromTheEmbeddedBuildInfo(t *testing.T) {
	for _, c := range []struct {
		main     string
		settings []debug.BuildSetting
		want     string
	}{
		{"(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "3bfb94f4d546"}, {Key: "vcs.time", Value: "2026-12-01T08:55:09Z"}, {Key: "vcs.modified", Value: "true"}},
			"insure dev (commit 3bfb94f4d546-dirty, built 2026-12-01T08:55:09Z,"},
		{"v1.4.2", nil, "insure 1.4.2 (commit none, built unknown,"},
	} {
		i := Info{Version: "dev", Commit: "none", Date: "unknown", GoVersion: "go1", Platform: "linux/amd64"}
		i.fillFrom(&debug.BuildInfo{Main: debug.Module{Version: c.main}, Settings: c.settings})
		if !strings.HasPrefix(i.Line(), c.want) {
			t.Errorf("%s: %q, want %q...", c.main, i.Line(), c.want)
		}
	}
	// Values set at link time (a release) are kept.
	i := Info{Version: "1.5.0", Commit: "abc", Date: "2026-12-01"}
	i.fillFrom(&debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "zzz"}}})
	if i.Version != "1.5.0" || i.Commit != "abc" {
		t.Errorf("release values replaced: %+v", i)
	}
}

// The global output flags are honoured as every command honours them:
// -o yaml and -o xml printed the text line, --jq printed the whole JSON
// unfiltered, and -o html was taken.
func TestVersionTakesTheOutputFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", "yaml"}, "\nplatform: " + runtime.GOOS + "/" + runtime.GOARCH + "\n"},
		{[]string{"-o", "xml"}, "<platform>" + runtime.GOOS + "/" + runtime.GOARCH + "</platform>"},
		{[]string{"--jq", ".platform"}, runtime.GOOS + "/" + runtime.GOARCH + "\n"},
		{[]string{"--template", "{{.go_version}}"}, runtime.Version()},
	} {
		for _, tty := range []bool{false, true} {
			out, err := runVersion(t, tty, c.args...)
			if err != nil || !strings.Contains(out, c.want) || strings.Contains(out, "insure ") {
				t.Errorf("%v tty %v: %v\n%s", c.args, tty, err, out)
			}
		}
	}
	if _, err := runVersion(t, false, "-o", "html"); err == nil {
		t.Error("-o html was taken")
	}
}

func TestVersionJSONIsEncodingJSONs(t *testing.T) {
	for _, i := range []Info{
		{},
		{"1.2.3", "abc123-dirty", "2026-12-02T00:00:00Z", "go1.26.8", "linux/amd64"},
		{`v"1"\`, "<&>", "\u2028\x01\t", "版本", "\xff"},
	} {
		want, err := json.Marshal(i)
		if err != nil {
			t.Fatal(err)
		}
		if got := i.appendJSON(nil); string(got) != string(want) {
			t.Errorf("appendJSON(%#v) = %s, json.Marshal gives %s", i, got, want)
		}
	}
}
