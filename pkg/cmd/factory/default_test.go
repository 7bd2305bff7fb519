package factory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/builtin"
)

type mapKeyring map[string]string

func (m mapKeyring) Get(s, u string) (string, error) { return m[s+"/"+u], nil }
func (m mapKeyring) Set(s, u, v string) error        { m[s+"/"+u] = v; return nil }
func (m mapKeyring) Delete(s, u string) error        { delete(m, s+"/"+u); return nil }

// testFactory builds the real Factory over a temporary config and state,
// counting how often the sandbox is started.
func testFactory(t *testing.T, configYAML string, tty bool) (*cmdutil.Factory, *int) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if configYAML != "" {
		if err := os.WriteFile(path, []byte(configYAML), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ios, _, _, _ := iostreams.Test()
	ios.SetStdoutTTY(tty)
	starts := 0
	f := NewWith("test", Options{
		Context:   t.Context(),
		IOStreams: ios, ConfigPath: path, StateDir: filepath.Join(dir, "state"), Keyring: mapKeyring{},
		StartSandbox: func(reg *registry.Registry, stateDir string) (*sandbox.Server, func(), error) {
			starts++
			return startInProcess(t.Context(), reg, stateDir)
		},
	})
	t.Cleanup(f.Cleanup)
	return f, &starts
}

func TestOutputFormatFollowsFlagThenProfileThenTerminal(t *testing.T) {
	f, starts := testFactory(t, "current-profile: p\nprofiles:\n  p:\n    defaults: {output: yaml}\n", false)
	if o, err := f.OutputOptions(); err != nil || o.Format != "yaml" {
		t.Fatalf("profile default: %+v %v", o, err)
	}
	f.Globals.Output = "json"
	if o, _ := f.OutputOptions(); o.Format != "json" {
		t.Fatalf("flag: %+v", o)
	}
	for _, tty := range []bool{true, false} {
		g, _ := testFactory(t, "", tty)
		g.Globals.Profile = config.SandboxProfile
		want := map[bool]string{true: "table", false: "json"}[tty]
		if o, _ := g.OutputOptions(); o.Format != want {
			t.Fatalf("tty=%v: %+v", tty, o)
		}
	}
	if *starts != 0 {
		t.Fatal("resolving the output format started the sandbox")
	}
}

func TestSandboxProfileStartsOneSandboxOnlyWhenAClientIsNeeded(t *testing.T) {
	f, starts := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	if _, err := f.Settings(); err != nil || *starts != 0 {
		t.Fatalf("settings: %v, starts %d", err, *starts)
	}
	c1, p, err := f.Ebao()
	if err != nil {
		t.Fatal(err)
	}
	c2, _, _ := f.Ebao()
	if _, _, err := f.Paoding(); err != nil {
		t.Fatal(err)
	}
	if *starts != 1 || c1 != c2 {
		t.Fatalf("starts %d; same client %v", *starts, c1 == c2)
	}
	if ep := p.Value("ebao", "endpoint"); !strings.HasPrefix(ep, "http://127.0.0.1:") || !strings.HasSuffix(ep, "/ebao") {
		t.Fatalf("endpoint %q", ep)
	}
}

func TestSandboxURLFromTheEnvironmentReplacesTheInProcessSandbox(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "http://127.0.0.1:8790/")
	f, starts := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	p, err := f.Profile()
	if err != nil {
		t.Fatal(err)
	}
	if *starts != 0 || p.Value("sunshine", "endpoint") != "http://127.0.0.1:8790/sunshine/InterFaceServlet" || p.Value("paoding", "endpoint") != "http://127.0.0.1:8790/paoding" {
		t.Fatalf("starts %d, endpoints %q %q", *starts, p.Value("sunshine", "endpoint"), p.Value("paoding", "endpoint"))
	}
}

func TestClientSettingsFromProfileAndEnvironment(t *testing.T) {
	t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", "90m")
	t.Setenv("INSURE_BIHU_HEX_CASE", "lower")
	t.Setenv("INSURE_BIHU_CITY_CODE", "深圳")
	f, _ := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	c, p, err := f.Bihu()
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.Config()
	if p.Name != "sandbox" || cfg.AgentID != "102" || cfg.SessionTimeout != 90*time.Minute || !cfg.LowerHex || cfg.CityCode != "深圳" ||
		cfg.TokenScope != "sandbox" || !strings.HasSuffix(cfg.BaseURL, "/"+bihu.Provider) {
		t.Fatalf("%+v", cfg)
	}
	t.Setenv("INSURE_BIHU_HEX_CASE", "mixed")
	g, _ := testFactory(t, "", false)
	g.Globals.Profile = config.SandboxProfile
	_, _, err = g.Bihu()
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "bihu.hex-case: must be one of upper, lower") || !strings.Contains(err.Error(), "INSURE_BIHU_HEX_CASE") {
		t.Fatalf("bad hex case: %v", err)
	}
}

func TestMissingSettingsAreOneUsageErrorNamingEach(t *testing.T) {
	f, _ := testFactory(t, "current-profile: half\nprofiles:\n  half:\n    ebao: {endpoint: 'https://ebao.example'}\n", false)
	_, _, err := f.Ebao()
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	for _, want := range []string{"ebao.access-key: is not set in profile half", "ebao.secret-key", "INSURE_EBAO_SECRET_KEY", "nothing was sent"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}

func TestEveryRegisteredProviderBuildsOnTheSandboxProfile(t *testing.T) {
	f, _ := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	for _, name := range builtin.Registry().Names() {
		if _, err := f.Client(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := f.Client("nope"); cmdutil.ExitCode(err) != 2 {
		t.Errorf("unknown provider: %v", err)
	}
}
