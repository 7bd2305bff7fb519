package profile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/configure"
	"github.com/insurekit/insure/pkg/cmd/profile/add"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

// Profile names, providers and keys are case-insensitive in both a
// terminal and a pipe: `profile add Prod` then `-p Prod` and `-p prod`.
func TestProfileNamesAndKeysIgnoreCase(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		if err := run(e, "add", "Prod", "--set", "EBAO.Endpoint=https://ebao.example", "--set", "Paoding.USERNAME=acme"); err != nil {
			t.Fatalf("tty=%v: %v", tty, err)
		}
		if !strings.Contains(e.ErrOut.String(), `profile "prod"`) || !strings.Contains(e.ErrOut.String(), "case-insensitive") {
			t.Fatalf("tty=%v: %s", tty, e.ErrOut.String())
		}
		raw, _ := os.ReadFile(e.Config.Path)
		if strings.Contains(string(raw), "Prod") || strings.Contains(string(raw), "EBAO") || !strings.Contains(string(raw), "endpoint: https://ebao.example") {
			t.Fatalf("tty=%v: file:\n%s", tty, raw)
		}
		// The next process: -p in any case resolves to the one profile.
		for _, name := range []string{"Prod", "prod", "PROD"} {
			e2 := cmdtest.New(t, cmdtest.Options{TTY: tty})
			e2.Config.Path = e.Config.Path
			e2.Config.File = reload(t, e).File
			e2.F.Globals.Profile = name
			p, err := e2.F.Settings()
			if err != nil {
				t.Fatalf("tty=%v -p %s: %v", tty, name, err)
			}
			if p.Name != "prod" || p.Value("ebao", "endpoint") != "https://ebao.example" || p.Value("paoding", "username") != "acme" {
				t.Fatalf("tty=%v -p %s: %+v", tty, name, p.Sections)
			}
		}
		// Updating "PROD" updates the same profile.
		e.Config = reload(t, e)
		e.Reset()
		if err := run(e, "add", "PROD", "--set", "ebao.access-key=AK"); err != nil {
			t.Fatal(err)
		}
		c := reload(t, e)
		if len(c.File.Profiles) != 1 || c.File.Profiles["prod"]["ebao"]["access-key"] != "AK" || !strings.Contains(e.ErrOut.String(), "Updated") {
			t.Fatalf("tty=%v: %v %s", tty, c.File.Profiles, e.ErrOut.String())
		}
		e.Config = c
		if err := run(e, "use", "PROD"); err != nil || reload(t, e).File.CurrentProfile != "prod" {
			t.Fatalf("use PROD: %v", err)
		}
		e.Config = reload(t, e)
		e.Reset()
		e.F.Globals.Output = "json"
		var shown map[string]any
		if err := run(e, "show", "Prod"); err != nil || json.Unmarshal(e.Out.Bytes(), &shown) != nil || shown["name"] != "prod" {
			t.Fatalf("show Prod: %v %s", err, e.Out.String())
		}
	}
}

func TestSecretsAreRefusedAsFlagsWhateverTheCase(t *testing.T) {
	for _, tty := range []bool{false, true} {
		for _, set := range []string{"paoding.PASSWORD=hunter2x", "PAODING.password=hunter2x", "Ebao.Secret-Key=hunter2x"} {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			err := run(e, "add", "test", "--set", set)
			if cmdutil.ExitCode(err) != 2 {
				t.Fatalf("tty=%v %s: exit %d: %v", tty, set, cmdutil.ExitCode(err), err)
			}
			msg := err.Error()
			if strings.Contains(msg, "hunter2x") || !strings.Contains(msg, "--secret-stdin") || !strings.Contains(msg, "INSURE_") {
				t.Fatalf("tty=%v %s: %v", tty, set, msg)
			}
			if _, serr := os.Stat(e.Config.Path); serr == nil {
				t.Fatal("the file was written")
			}
		}
	}
}

func TestUnknownKeysAndBadValuesAreAllReported(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := run(e, "add", "test",
			"--set", "ebao.endpont=http://x",
			"--set", "ebao.endpoint=localhost:9999",
			"--set", "ebao.require-response-signature=falsemaybe",
			"--set", "ebo.endpoint=http://x",
			"--set", "defaults.output=html",
			"--set", "defaults.timeout=soon",
			"--set", "defaults.history-max-age=6m",
			"--set", "bihu.hex-case=middle",
			"--set", "paoding.username=ok")
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("tty=%v exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		msg := err.Error()
		for _, want := range []string{
			`"ebao.endpont" is unknown; did you mean endpoint?`,
			"--set ebao.endpoint: must be an absolute http:// or https:// URL with a host", "--set ebao.endpoint=https://api.ebaocloud.example",
			"--set ebao.require-response-signature: must be true or false", "=false",
			`"ebo.endpoint" is unknown`, "did you mean ebao?",
			"--set defaults.output: must be one of table, json, yaml, xml, raw",
			"--set defaults.timeout: must be a positive duration", "defaults.timeout=60s",
			// Six minutes, meant as six months: every prune would empty the journal.
			"--set defaults.history-max-age: must be at least an hour", "180d",
			"--set bihu.hex-case: must be one of upper, lower",
		} {
			if !strings.Contains(msg, want) {
				t.Errorf("tty=%v: error does not say %q:\n%s", tty, want, msg)
			}
		}
		if _, serr := os.Stat(e.Config.Path); serr == nil {
			t.Fatal("the file was written")
		}
		// Good values in any case are accepted.
		if err := run(e, "add", "test", "--set", "ebao.require-response-signature=TRUE", "--set", "Defaults.Output=yaml", "--set", "defaults.timeout=90s"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSecretStdinIsCheckedAndMatchedWithoutCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString("pw-1234")
	if err := run(e, "add", "ci", "--secret-stdin", "PAODING.Password"); err != nil {
		t.Fatal(err)
	}
	if reload(t, e).File.Profiles["ci"]["paoding"]["password"] != "pw-1234" {
		t.Fatal("not saved under paoding.password")
	}
	e.In.WriteString("pw-1234")
	err := run(e, "add", "ci", "--secret-stdin", "paoding.passwrod")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "did you mean password?") || strings.Contains(err.Error(), "pw-1234") {
		t.Fatalf("%v", err)
	}
}

func TestConfigureProviderFlagIgnoresCaseAndSuggests(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *add.Options
	cmd := configure.NewCmdConfigure(e.F, func(o *add.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"ci", "--provider", "EBAO,paoding", "--set", "ebao.access-key=AK"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Name != "ci" || len(got.Providers) != 2 || got.Providers[0] != "EBAO" {
		t.Fatalf("%+v", got)
	}
	cmd = configure.NewCmdConfigure(e.F, nil)
	cmd.SetArgs([]string{"ci", "--provider", "eboa", "--set", "ebao.access-key=AK"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "did you mean ebao?") {
		t.Fatalf("%v", err)
	}
}

const brokenFile = `current-profile: good
profiles:
  good:
    paoding: {username: acme}
  broken:
    ebao: {endpont: "http://x", require-response-signature: falsemaybe}
    defaults: {output: html}
`

// A broken profile is refused only when it is the one in use; list and
// show still work and flag it.
func TestABrokenProfileStopsOnlyItself(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(brokenFile), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := config.Load(path, e.F.Registry)
		if err != nil {
			t.Fatalf("one broken profile must not stop loading: %v", err)
		}
		e.Config = c
		e.F.Config = func() (*config.Config, error) { return c, nil }
		e.F.Globals.Output = "json"
		if err := run(e, "list"); err != nil {
			t.Fatalf("tty=%v list: %v", tty, err)
		}
		var entries []map[string]any
		if err := json.Unmarshal(e.Out.Bytes(), &entries); err != nil || len(entries) != 3 {
			t.Fatalf("%s", e.Out.String())
		}
		if entries[1]["name"] != "broken" || entries[1]["problems"] == nil || entries[2]["problems"] != nil {
			t.Fatalf("%v", entries)
		}
		if !strings.Contains(e.ErrOut.String(), `profile "broken" has 3 bad setting(s)`) {
			t.Fatalf("stderr: %s", e.ErrOut.String())
		}
		e.Reset()
		if err := run(e, "show", "broken"); err != nil {
			t.Fatalf("show broken: %v", err)
		}
		if !strings.Contains(e.Out.String(), `"problems"`) || !strings.Contains(e.ErrOut.String(), "did you mean endpoint?") || !strings.Contains(e.ErrOut.String(), path) {
			t.Fatalf("show: %s\n%s", e.Out.String(), e.ErrOut.String())
		}
		// Commands on the good profile run; on the broken one, exit 2
		// naming the file, the profile, the key and the closest key.
		e.F.Globals.Profile = "good"
		if _, err := e.F.Settings(); err != nil {
			t.Fatalf("good: %v", err)
		}
		e.F.Globals.Profile = "Broken"
		_, err = e.F.Settings()
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("broken: exit %d: %v", cmdutil.ExitCode(err), err)
		}
		for _, want := range []string{path, `profile "broken"`, `"ebao.endpont" is unknown; did you mean endpoint?`, "must be true or false", "defaults.output"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not say %q: %v", want, err)
			}
		}
	}
}
