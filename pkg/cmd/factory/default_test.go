package factory

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
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

// A malformed INSURE_SANDBOX_FAULTS is a usage error naming the variable,
// what is wrong and a good value, before the in-process sandbox serves
// anything. A fault that could never fire (an unknown provider, a path
// without its /) used to be accepted, the sandbox then answering as if
// nothing were injected, and an undocumented business code exited 1.
func TestBadSandboxFaultsFromTheEnvironmentAreAUsageError(t *testing.T) {
	for spec, want := range map[string]string{
		"ebao=explode":                      `unknown kind "explode"`,
		"ebao":                              "want PROVIDER[:PATH]=KIND",
		"eboa=tamper":                       `no provider "eboa" in the sandbox`,
		"EBAO=tamper":                       "did you mean ebao?",
		"=tamper":                           `no provider ""`,
		"ebao:pa_web=drop":                  "needs its leading /",
		"ebao=code:123":                     "the ebao sandbox has no business codes",
		"paoding:/4s/report/buy=code:12345": "no business code",
	} {
		t.Run(spec, func(t *testing.T) {
			t.Setenv("INSURE_SANDBOX_FAULTS", spec)
			f, _ := testFactory(t, "", false)
			f.Globals.Profile = config.SandboxProfile
			c, _, err := f.Ebao()
			if cmdutil.ExitCode(err) != failure.ExitUsage || c != nil {
				t.Fatalf("exit %d, client %v: %v", cmdutil.ExitCode(err), c != nil, err)
			}
			if !strings.Contains(err.Error(), "INSURE_SANDBOX_FAULTS: ") || !strings.Contains(err.Error(), want) {
				t.Errorf("error %q: want the variable and %q", err, want)
			}
			var fe *failure.Error
			if !errors.As(err, &fe) || !strings.Contains(fe.Hint, "INSURE_SANDBOX_FAULTS=ebao=tamper") {
				t.Errorf("no example of a good value: %#v", fe)
			}
		})
	}
	t.Run("good spec", func(t *testing.T) {
		t.Setenv("INSURE_SANDBOX_FAULTS", "ebao=tamper, paoding:/4s/report/buy=code:30010")
		f, _ := testFactory(t, "", false)
		f.Globals.Profile = config.SandboxProfile
		if _, _, err := f.Ebao(); err != nil {
			t.Fatal(err)
		}
	})
}

// The error is printed as every other one: on stderr with its hint, and
// in JSON mode also as the JSON error document on stdout.
func TestBadSandboxFaultsPrintLikeAnyUsageError(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_FAULTS", "eboa=tamper")
	f, _ := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	_, _, err := f.Ebao()
	for _, jsonOut := range []bool{false, true} {
		ios, _, out, errOut := iostreams.Test()
		cmdutil.PrintError(ios, err, jsonOut)
		if !strings.Contains(errOut.String(), `error: INSURE_SANDBOX_FAULTS: no provider "eboa"`) ||
			!strings.Contains(errOut.String(), "hint: fix or unset INSURE_SANDBOX_FAULTS, e.g. INSURE_SANDBOX_FAULTS=ebao=tamper") {
			t.Errorf("json %v: stderr %q", jsonOut, errOut)
		}
		var doc struct {
			Error struct {
				Kind     string `json:"kind"`
				ExitCode int    `json:"exit_code"`
				Message  string `json:"message"`
				Hint     string `json:"hint"`
			} `json:"error"`
		}
		switch {
		case !jsonOut && out.Len() != 0:
			t.Errorf("terminal: stdout %q", out)
		case jsonOut && (json.Unmarshal(out.Bytes(), &doc) != nil || doc.Error.Kind != "usage" || doc.Error.ExitCode != 2 ||
			!strings.HasPrefix(doc.Error.Message, "INSURE_SANDBOX_FAULTS: ") || doc.Error.Hint == ""):
			t.Errorf("json: stdout %q", out)
		}
	}
}

// A malformed INSURE_SANDBOX_URL is a usage error naming it, what is
// wrong and a good value. It used to become each provider's endpoint and
// fail later as a bad ebao.endpoint, or, with a query, to send to the
// server's root.
func TestMalformedSandboxURLIsAUsageErrorNamingIt(t *testing.T) {
	for value, want := range map[string][2]string{
		"127.0.0.1:8080":                  {"has no scheme", "INSURE_SANDBOX_URL=http://127.0.0.1:8080"},
		"localhost:8790/":                 {"has no scheme", "INSURE_SANDBOX_URL=http://localhost:8790/"},
		"ftp://127.0.0.1:8080":            {`has scheme "ftp"`, "INSURE_SANDBOX_URL=http://127.0.0.1:8080"},
		"http://":                         {"has no host", "INSURE_SANDBOX_URL=http://127.0.0.1:8790"},
		"http//127.0.0.1:8080":            {"has no scheme", "INSURE_SANDBOX_URL=http://127.0.0.1:8790"},
		"http://127.0.0.1:8080?x=1":       {"has a query", "INSURE_SANDBOX_URL=http://127.0.0.1:8080"},
		" http://127.0.0.1:8080":          {"white space", "INSURE_SANDBOX_URL=http://127.0.0.1:8080"},
		"http://127.0.0.1:port":           {"is not a URL", "INSURE_SANDBOX_URL=http://127.0.0.1:8790"},
		"http://u:pw0rd@127.0.0.1:8080?x": {`"http://u:xxxxx@127.0.0.1:8080?x" has a query`, "INSURE_SANDBOX_URL=http://127.0.0.1:8080,"},
		"u:pw0rd@127.0.0.1:8080":          {`"u:xxxxx@127.0.0.1:8080" has no scheme`, "INSURE_SANDBOX_URL=http://127.0.0.1:8080,"},
	} {
		t.Run(value, func(t *testing.T) {
			t.Setenv("INSURE_SANDBOX_URL", value)
			f, _ := testFactory(t, "", false)
			f.Globals.Profile = config.SandboxProfile
			c, _, err := f.Ebao()
			if cmdutil.ExitCode(err) != failure.ExitUsage || c != nil {
				t.Fatalf("exit %d, client %v: %v", cmdutil.ExitCode(err), c != nil, err)
			}
			var fe *failure.Error
			if !errors.As(err, &fe) || !strings.HasPrefix(fe.Message, "INSURE_SANDBOX_URL=") || !strings.Contains(fe.Message, want[0]) ||
				!strings.Contains(fe.Message, "nothing was sent") || !strings.Contains(fe.Hint, want[1]) {
				t.Errorf("got %q, hint %q; want %q and the example %q", err, hintOf(err), want[0], want[1])
			}
			if strings.Contains(err.Error()+hintOf(err), "pw0rd") {
				t.Errorf("the password is shown: %q %q", err, hintOf(err))
			}
		})
	}
}

func hintOf(err error) string {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return fe.Hint
	}
	return ""
}

// INSURE_SANDBOX_FAULTS configures the in-process sandbox only; with
// INSURE_SANDBOX_URL set it did nothing, without a word.
func TestSandboxFaultsBesideASandboxURLAreSaidToBeIgnored(t *testing.T) {
	t.Setenv("INSURE_SANDBOX_URL", "http://127.0.0.1:9")
	t.Setenv("INSURE_SANDBOX_FAULTS", "ebao=tamper")
	f, starts := testFactory(t, "", false)
	f.Globals.Profile = config.SandboxProfile
	if _, err := f.Profile(); err != nil {
		t.Fatal(err)
	}
	stderr := f.IOStreams.ErrOut.(*bytes.Buffer).String()
	if !strings.Contains(stderr, "INSURE_SANDBOX_FAULTS is ignored") || !strings.Contains(stderr, "--faults") || *starts != 0 {
		t.Errorf("stderr %q, sandboxes started %d", stderr, *starts)
	}
}

// INSURE_DEFAULTS_OUTPUT overrides a profile's default output format; a
// bad value is exit 2 naming that variable and the choices, not an
// "--output" the user never typed.
func TestBadDefaultOutputFromTheEnvironmentNamesTheVariable(t *testing.T) {
	f, _ := testFactory(t, "current-profile: p\nprofiles:\n  p:\n    defaults: {output: yaml}\n", false)
	t.Setenv("INSURE_DEFAULTS_OUTPUT", "jsno")
	_, err := f.OutputOptions()
	var fe *failure.Error
	if !errors.As(err, &fe) || cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	var b bytes.Buffer
	ios, _, _, errOut := iostreams.Test()
	cmdutil.PrintError(ios, err, false)
	b.WriteString(errOut.String())
	msg := b.String()
	for _, want := range []string{"defaults.output", "INSURE_DEFAULTS_OUTPUT", "table, json, yaml, xml, raw", `"jsno"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not say %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "--output must be") {
		t.Errorf("blames a flag that was not given:\n%s", msg)
	}
	t.Setenv("INSURE_DEFAULTS_OUTPUT", "xml")
	if o, err := f.OutputOptions(); err != nil || o.Format != "xml" {
		t.Fatalf("a good value: %+v %v", o, err)
	}
}

// defaults.timeout in the profile is the time limit when neither
// --timeout nor INSURE_TIMEOUT gave one (flag > environment > profile >
// built-in). It was documented and never read: the limit stayed 30s.
func TestProfileDefaultTimeoutApplies(t *testing.T) {
	cfg := "current-profile: p\nprofiles:\n  p:\n    defaults: {timeout: 90s}\n    ebao: {endpoint: 'http://127.0.0.1:9', access-key: a, secret-key: s-secret, channel-code: AXA_TP}\n"
	for _, c := range []struct {
		set  bool
		want time.Duration
	}{{false, 90 * time.Second}, {true, 30 * time.Second}} {
		f, _ := testFactory(t, cfg, false)
		f.Globals.Timeout, f.Globals.TimeoutSet = 30*time.Second, c.set
		hc, err := f.HttpClient()
		if err != nil {
			t.Fatal(err)
		}
		if f.Globals.Timeout != c.want || hc.Timeout != c.want {
			t.Errorf("--timeout given %v: limit %s, client %s; want %s", c.set, f.Globals.Timeout, hc.Timeout, c.want)
		}
	}
}
