package factories

import (
	"encoding/json"
	"fmt"
	"github.com/insurekit/insure/pkg/cmd/vinreport/internal/secretstest"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdFactories(e.F, nil)
	cmd.SetArgs(args)
	// Silenced as under the root command, so stderr holds only what the
	// command itself writes.
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

// ids runs the command and returns the ids it printed as JSON, in order.
func ids(t *testing.T, e *cmdtest.Env, args ...string) string {
	t.Helper()
	e.Reset()
	if err := run(e, args...); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	var list []struct {
		ID int `json:"brandFactoryId"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &list); err != nil {
		t.Fatalf("%v: stdout is not a JSON list: %q", args, e.Out.String())
	}
	var out []string
	for _, f := range list {
		out = append(out, fmt.Sprint(f.ID))
	}
	return strings.Join(out, " ")
}

const allIDs = "20 21 30 31 40 50 60 61 70 71 80 90 100"

// noSecrets: nothing shown carries a Paoding secret.
func noSecrets(t *testing.T, e *cmdtest.Env, shown ...string) {
	t.Helper()
	secretstest.NoSecrets(t, e, shown...)
}

func TestFactoriesFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, tc := range []struct {
		args                 []string
		since                string
		full, offline, fails bool
	}{
		{args: nil},
		{args: []string{"--since", "2017-01-01 00:00:00", "--full"}, since: "2017-01-01 00:00:00", full: true},
		{args: []string{"--offline", "--since", "2016-12-31 23:59:59"}, since: "2016-12-31 23:59:59", offline: true},
	} {
		var got *Options
		cmd := NewCmdFactories(e.F, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if got.Since != tc.since || got.Full != tc.full || got.Offline != tc.offline || got.IO != e.F.IOStreams || got.Ctx == nil {
			t.Errorf("%q: %+v", tc.args, got)
		}
	}
}

// Each refusal names the flag and the rule, exits 2 and sends nothing.
func TestFactoriesBadFlagsAreUsageErrorsBeforeAnyRequest(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--since", "2017-01-01"}, []string{"--since", `"2016-01-01 00:00:00"`, `"2017-01-01"`}},
		{[]string{"--since", "2017-13-01 00:00:00"}, []string{"--since", `"2016-01-01 00:00:00"`}},
		{[]string{"--since", "2017/01/01 00:00:00"}, []string{"--since", `"2016-01-01 00:00:00"`}},
		{[]string{"--full", "--offline"}, []string{"--full", "--offline", "cannot be used together"}},
		{[]string{"gett"}, []string{`unknown command "gett"`, "did you mean get?"}},
		{[]string{"get"}, []string{"factories get", "ID missing"}},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		err := run(e, tc.args...)
		if cmdutil.ExitCode(err) != failure.ExitUsage {
			t.Errorf("%q: exit %d (%v)", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		doc := string(cmdutil.ErrorJSON(err))
		for _, w := range tc.want {
			if !strings.Contains(err.Error()+" "+doc, w) {
				t.Errorf("%q: %q does not say %s", tc.args, err, w)
			}
		}
		if len(e.Received()) != 0 || e.Out.Len() != 0 {
			t.Errorf("%q: sent %v, printed %q", tc.args, e.ReceivedPaths(), e.Out.String())
		}
	}
}

func TestFactoriesInAPipeAreJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &list); err != nil {
		t.Fatalf("stdout is not a JSON list: %q", e.Out.String())
	}
	byID := map[float64]map[string]any{}
	for _, f := range list {
		byID[f["brandFactoryId"].(float64)] = f
	}
	if len(byID) != 13 {
		t.Fatalf("%d factories, the sandbox has 13", len(byID))
	}
	// The document's own example, as a script reads it.
	if f := byID[20]; f["brandFactoryName"] != "上汽通用五菱" || f["brandId"] != float64(120) || f["price"] != "29" ||
		f["needEngineNum"] != false || f["usable"] != true || f["lastModifyTime"] != "2016-01-01 01:01:01" {
		t.Errorf("factory 20: %v", f)
	}
	if f := byID[30]; f["needEngineNum"] != true {
		t.Errorf("factory 30 needs the engine number: %v", f)
	}
	if f := byID[80]; f["usable"] != false || f["remark"] != "暂停服务" {
		t.Errorf("factory 80 is not usable: %v", f)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr in a pipe: %q", e.ErrOut.String())
	}
	want := []string{"POST /paoding/4s/token/generate", "GET /paoding/4s/brandFactory/list"}
	if got := e.ReceivedPaths(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sandbox received %v, want %v", got, want)
	}
	noSecrets(t, e)
}

func TestFactoriesTableOnATerminal(t *testing.T) {
	cmdtest.LocalZone(t, output.ChinaStandardTime)
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.F.IOStreams.SetColorEnabled(true)
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(e.Out.String(), "\n"), "\n")
	if len(lines) != 14 {
		t.Fatalf("want a header and 13 rows:\n%s", e.Out.String())
	}
	if f := strings.Join(strings.Fields(lines[0]), " "); f != "ID FACTORY BRAND PRICE ENGINE NO. USABLE MODIFIED" {
		t.Errorf("header %q", f)
	}
	rows := map[string]string{}
	for _, l := range lines[1:] {
		rows[strings.Fields(l)[0]] = strings.Join(strings.Fields(l), " ")
	}
	for id, want := range map[string]string{
		"20": "20 上汽通用五菱 宝骏 29 - yes 2016-01-01 01:01:01 +08:00",
		"30": "30 一汽-大众 大众 35 required yes 2016-03-15 09:30:00 +08:00",
	} {
		if rows[id] != want {
			t.Errorf("row %s: %q, want %q", id, rows[id], want)
		}
	}
	if !strings.Contains(rows["80"], "\x1b[31mno") {
		t.Errorf("the unusable factory is not marked in red: %q", rows["80"])
	}
	// A first run fetched the whole list: there is no "since" to report.
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr on a first run: %q", e.ErrOut.String())
	}

	// A later run asks only for changes and says so on the terminal.
	e.Reset()
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if got := e.ErrOut.String(); got != "0 changed since 2017-08-15 09:00:00 +08:00; 13 cached\n" {
		t.Errorf("stderr on a later run: %q", got)
	}
	if n := strings.Count(e.Out.String(), "\n"); n != 14 {
		t.Errorf("the cached list is shown in full, got %d lines", n)
	}
	noSecrets(t, e)
}

// The time the terminal's summary names is shown as the table shows its
// times: in the local zone, with the offset. It was printed bare, in
// Paoding's China time, next to a table in local time.
func TestSinceSummaryShowsItsZoneLikeTheTable(t *testing.T) {
	cmdtest.LocalZone(t, time.UTC)
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	if err := run(e, "--since", "2017-08-15 00:00:00"); err != nil {
		t.Fatal(err)
	}
	if got := e.ErrOut.String(); got != "1 changed since 2017-08-14 16:00:00 +00:00; 13 cached\n" {
		t.Errorf("stderr: %q", got)
	}
	if !strings.Contains(e.Out.String(), "2017-08-15 01:00:00 +00:00") {
		t.Errorf("the table does not show the newest factory's time in UTC: %q", e.Out.String())
	}
}

// The document's own figure: six of the thirteen changed after 2017-01-01.
func TestSinceShowsOnlyLaterChanges(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if got := ids(t, e, "--since", "2017-01-01 00:00:00"); got != "31 50 61 71 90 100" {
		t.Fatalf("ids %q", got)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr in a pipe: %q", e.ErrOut.String())
	}
	if got := ids(t, e, "--since", "2017-08-15 09:00:00"); got != "" {
		t.Errorf("changed strictly after the newest: %q", got)
	}
	if strings.TrimSpace(e.Out.String()) != "[]" {
		t.Errorf("an empty selection is an empty JSON list: %q", e.Out.String())
	}
}

// The help's own example: the ids needing an engine number, one a line.
func TestOfflineJQExampleFromTheHelp(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	e.F.Globals.Output, e.F.Globals.JQ = "json", ".[] | select(.needEngineNum) | .brandFactoryId"
	if err := run(e, "--offline"); err != nil {
		t.Fatal(err)
	}
	if got := e.Out.String(); got != "30\n40\n50\n100\n" {
		t.Fatalf("%q", got)
	}
	if len(e.Received()) != 0 {
		t.Errorf("--offline sent %v", e.ReceivedPaths())
	}
}

// -o raw is the provider's answer to the request that was sent.
func TestRawIsTheProvidersAnswer(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output = "raw"
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, `"code": "10000"`) || !strings.Contains(out, `"brandFactoryId": "20"`) {
		t.Fatalf("%s", out)
	}
}

// One token serves the listing and the lookup that follows it.
func TestOneTokenServesTheListAndAGet(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "get", "20"); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /paoding/4s/token/generate", "GET /paoding/4s/brandFactory/list", "GET /paoding/4s/brandFactory/get"}
	if got := e.ReceivedPaths(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sandbox received %v, want %v", got, want)
	}
	rs := e.Received()
	if a, b := rs[1].Header.Get(paoding.HeaderToken), rs[2].Header.Get(paoding.HeaderToken); a == "" || a != b {
		t.Errorf("the two calls carried different tokens")
	}
	noSecrets(t, e)
}

// An empty selection on a terminal says so, as JSON says it with []:
// a bare header looked like a table that failed to draw.
func TestEmptySelectionOnATerminalSaysSo(t *testing.T) {
	cmdtest.LocalZone(t, output.ChinaStandardTime)
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--since", "2030-01-01 00:00:00"}, {"--offline", "--since", "2030-01-01 00:00:00"}} {
		e.Reset()
		if err := run(e, args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if got := e.Out.String(); got != "no brand factory changed after 2030-01-01 00:00:00 +08:00 (13 cached)\n" {
			t.Errorf("%v: stdout %q", args, got)
		}
	}
}

// A time copied from a table printed in Los Angeles, offset and all, is
// the same instant in China time: the selection is the document's six
// changed after 2017-01-01 00:00:00 +08:00, not a day's worth more.
func TestSinceCopiedFromTheTableWithItsOffsetIsReadInChinaTime(t *testing.T) {
	cmdtest.LocalZone(t, time.FixedZone("PST", -8*60*60))
	e := cmdtest.New(t, cmdtest.Options{})
	if got := ids(t, e, "--since", "2016-12-31 08:00:00 -08:00"); got != "31 50 61 71 90 100" {
		t.Errorf("table form: ids %q", got)
	}
	if got := ids(t, e, "--since", "2016-12-31T16:00:00Z"); got != "31 50 61 71 90 100" {
		t.Errorf("RFC 3339: ids %q", got)
	}
	e.Reset()
	err := run(e, "--since", "2017-01-01")
	if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "China time (UTC+8)") {
		t.Errorf("a date alone: exit %d, %v", cmdutil.ExitCode(err), err)
	}
}
