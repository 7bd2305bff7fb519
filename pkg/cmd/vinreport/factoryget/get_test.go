package factoryget

import (
	"encoding/json"
	"github.com/insurekit/insure/pkg/cmd/vinreport/internal/secretstest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdGet(e.F, nil)
	cmd.SetArgs(args)
	// Silenced as under the root command, so stderr holds only what the
	// command itself writes.
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// noSecrets: nothing shown carries a Paoding secret.
func noSecrets(t *testing.T, e *cmdtest.Env, shown ...string) {
	t.Helper()
	secretstest.NoSecrets(t, e, shown...)
}

// cached returns the factories the local cache holds, by id.
func cached(t *testing.T, e *cmdtest.Env) map[int]paoding.BrandFactory {
	t.Helper()
	cat, err := shared.LoadCatalogue(t.Context(), e.Store, config.SandboxProfile)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]paoding.BrandFactory{}
	for _, f := range cat.Factories {
		out[int(f.BrandFactoryID)] = f
	}
	return out
}

func TestFactoryGetParsesTheID(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for arg, want := range map[string]int{"20": 20, "100": 100} {
		var got *Options
		cmd := NewCmdGet(e.F, func(o *Options) error { got = o; return nil })
		cmd.SetArgs([]string{arg})
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", arg, err)
		}
		if got.ID != want || got.IO != e.F.IOStreams || got.Ctx == nil {
			t.Errorf("%q: %+v", arg, got)
		}
	}
}

// Each refusal names the argument and its rule, exits 2 and sends nothing.
func TestFactoryGetBadIDsAreUsageErrorsBeforeAnyRequest(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"0"}, []string{"ID must be a brand factory id such as 20", `(got "0")`, "insure vin-report factories"}},
		{[]string{"宝骏"}, []string{"ID must be a brand factory id", `(got "宝骏")`}},
		{[]string{"20x"}, []string{"ID must be a brand factory id", `(got "20x")`}},
		{[]string{"99999999999999999999"}, []string{"ID must be a brand factory id"}},
		{[]string{""}, []string{"ID must be a brand factory id", `(got "")`}},
		{nil, []string{"get:", "ID missing"}},
		{[]string{"20", "21"}, []string{"get:", "accepts 1 arg(s), received 2"}},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, tc.args...)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Errorf("%q: exit %d (%v)", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: %q does not say %s", tc.args, err, w)
			}
		}
		if len(e.Received()) != 0 || e.Out.Len() != 0 {
			t.Errorf("%q: sent %v, printed %q", tc.args, e.ReceivedPaths(), e.Out.String())
		}
	}
}

func TestFactoryGetInAPipeIsJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "30"); err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &f); err != nil {
		t.Fatalf("stdout is not a JSON object: %q", e.Out.String())
	}
	if f["brandFactoryId"] != float64(30) || f["brandFactoryName"] != "一汽-大众" || f["brandId"] != float64(130) ||
		f["price"] != "35" || f["needEngineNum"] != true || f["usable"] != true || f["lastModifyTime"] != "2016-03-15 09:30:00" {
		t.Errorf("factory 30: %v", f)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr in a pipe: %q", e.ErrOut.String())
	}
	want := []string{"POST /paoding/4s/token/generate", "GET /paoding/4s/brandFactory/get"}
	if got := e.ReceivedPaths(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sandbox received %v, want %v", got, want)
	}
	noSecrets(t, e)
}

func TestFactoryGetOnATerminal(t *testing.T) {
	cmdtest.LocalZone(t, output.ChinaStandardTime)
	for id, want := range map[string][]string{
		"30": {"id: 30", "factory: 一汽-大众", "brand: 大众 (130)", "price: 35 yuan", "engine number: required",
			"usable: yes", "modified: 2016-03-15 09:30:00 +08:00"},
		// The remark is the only place a person learns why 80 is unusable.
		"80": {"factory: 长安福特", "engine number: not needed", "usable: no", "remark: 暂停服务"},
	} {
		e := cmdtest.New(t, cmdtest.Options{TTY: true})
		if err := run(e, id); err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(e.Out.String()), "\n") {
			k, v, _ := strings.Cut(l, ":")
			lines = append(lines, k+": "+strings.TrimSpace(v))
		}
		shown := "\n" + strings.Join(lines, "\n") + "\n"
		for _, w := range want {
			if !strings.Contains(shown, "\n"+w+"\n") {
				t.Errorf("%s: no line %q in\n%s", id, w, e.Out.String())
			}
		}
		if id == "30" && strings.Contains(shown, "remark") {
			t.Errorf("an empty remark gets a line:\n%s", e.Out.String())
		}
		if e.ErrOut.Len() != 0 {
			t.Errorf("%s: stderr %q", id, e.ErrOut.String())
		}
		noSecrets(t, e)
	}
}

// -o raw is the provider's answer as it came, quoted ids and all.
func TestFactoryGetRawIsTheProvidersAnswer(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output = "raw"
	if err := run(e, "20"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, `"code": "10000"`) || !strings.Contains(out, `"brandFactoryId": "20"`) {
		t.Fatalf("%s", out)
	}
}

func TestFactoryGetJQ(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.Globals.JQ = ".price"
	if err := run(e, "40"); err != nil {
		t.Fatal(err)
	}
	if got := e.Out.String(); got != "59\n" {
		t.Fatalf("%q", got)
	}
}

// 20010 is the document's code for an unknown factory: a refusal (exit 4)
// that points at the listing, and the cache is not touched.
func TestUnknownFactoryIsRefused(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty})
			err := run(e, "999")
			if cmdutil.ExitCode(err) != failure.ExitRefused {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			doc := string(cmdutil.ErrorJSON(err))
			if !strings.Contains(doc, `"code":"20010"`) || !strings.Contains(doc, "does not exist") || !strings.Contains(doc, "insure vin-report factories") {
				t.Errorf("error document %s", doc)
			}
			if e.Out.Len() != 0 || e.ErrOut.Len() != 0 {
				t.Errorf("printed %q / %q", e.Out.String(), e.ErrOut.String())
			}
			if got := e.ReceivedPaths(); len(got) != 2 || got[1] != "GET /paoding/4s/brandFactory/get" {
				t.Errorf("sandbox received %v", got)
			}
			if c := cached(t, e); len(c) != 0 {
				t.Errorf("the refusal was cached: %v", c)
			}
			noSecrets(t, e, err.Error(), doc)
		})
	}
}

// A rejected token (10030) is replaced once and the lookup repeated once;
// refused again, the command exits 3.
func TestRejectedTokenExitsThree(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/brandFactory/get=code:10030"})
	err := run(e, "20")
	if cmdutil.ExitCode(err) != failure.ExitAuth || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"10030"`) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	gets := 0
	for _, p := range e.ReceivedPaths() {
		if p == "GET /paoding/4s/brandFactory/get" {
			gets++
		}
	}
	if gets != 2 || e.Out.Len() != 0 {
		t.Errorf("looked up %d times, printed %q", gets, e.Out.String())
	}
	noSecrets(t, e, err.Error(), string(cmdutil.ErrorJSON(err)))
}

// The help promises the factory is refreshed in the cache: a stale entry
// takes the provider's values, a new one joins the others, and the rest
// are kept.
func TestFactoryGetRefreshesTheCache(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cat := &shared.Catalogue{Factories: []paoding.BrandFactory{
		{BrandFactoryID: 20, BrandFactoryName: "上汽通用五菱", Price: "1", Usable: true, LastModifyTime: "2015-01-01 00:00:00"},
		{BrandFactoryID: 21, BrandFactoryName: "上汽通用五菱", Price: "29", Usable: true, LastModifyTime: "2016-01-01 01:01:01"},
	}, Newest: "2016-01-01 01:01:01"}
	if err := cat.Save(t.Context(), e.Store, config.SandboxProfile); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"20", "71"} {
		if err := run(e, id); err != nil {
			t.Fatal(err)
		}
	}
	c := cached(t, e)
	if len(c) != 3 || c[20].Price != "29" || c[20].LastModifyTime != "2016-01-01 01:01:01" || c[21].Price != "29" || c[71].Remark != "数据维护中" {
		t.Fatalf("cache %+v", c)
	}
	if got := e.ReceivedPaths(); strings.Count(strings.Join(got, ","), "token/generate") != 1 {
		t.Errorf("two lookups logged in more than once: %v", got)
	}
}
