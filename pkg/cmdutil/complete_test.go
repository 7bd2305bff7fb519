package cmdutil_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/profile/add"
	"github.com/insurekit/insure/pkg/config"
)

// A boolean setting (eBao's require-response-signature, checked by
// CheckBool, with no Choices) completes to true and false, its default
// marked, as a setting with Choices does; saving 1, which CheckBool
// accepts and Choices would refuse, still works.
func TestABooleanSettingCompletesTrueAndFalse(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cmd := add.NewCmdAdd(e.F, nil)
	var out bytes.Buffer
	cmd.SetOut(&out) // cobra writes completions there, not to the IOStreams
	cmd.SetErr(new(bytes.Buffer))
	cmd.SetArgs([]string{"__complete", "work", "--set", "ebao.require-response-signature="})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{"ebao.require-response-signature=true", "ebao.require-response-signature=false\tdefault"}
	if len(got) < len(want) || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Fatalf("completion offered %q, want %q", got, want)
	}

	e.Reset()
	cmd = add.NewCmdAdd(e.F, nil)
	cmd.SetArgs([]string{"work", "--set", "ebao.require-response-signature=1"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); err != nil {
		t.Fatalf("saving 1: %v", err)
	}
	c, err := config.Load(e.Config.Path, e.F.Registry)
	if err != nil {
		t.Fatal(err)
	}
	if v := c.File.Profiles["work"]["ebao"]["require-response-signature"]; v != "1" {
		t.Fatalf("saved %q, want 1", v)
	}
}
