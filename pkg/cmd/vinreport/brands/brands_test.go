package brands

import (
	"encoding/json"
	"github.com/insurekit/insure/pkg/cmd/vinreport/internal/secretstest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
)

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdBrands(e.F, nil)
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

func TestBrandsParsesNoArgumentsAndRefusesAny(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdBrands(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.IO != e.F.IOStreams || got.Ctx == nil || got.Client == nil || got.OutputOptions == nil {
		t.Fatalf("options %+v", got)
	}

	err := run(e, "宝骏")
	if cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Fatalf("an argument: exit %d (%v)", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(err.Error(), "takes no arguments") || !strings.Contains(err.Error(), `"宝骏"`) {
		t.Errorf("message does not say what was refused: %v", err)
	}
	if len(e.Received()) != 0 {
		t.Errorf("a refused argument sent %v", e.ReceivedPaths())
	}
}

// The output options are checked before the token is fetched: a mistyped
// -o or --jq costs no call of the 500 a day the list allows.
func TestBadOutputOptionsAreUsageErrorsBeforeAnyRequest(t *testing.T) {
	for _, tc := range []struct {
		name, format, jq, want string
	}{
		{"unknown format", "html", "", "--output must be one of"},
		{"jq syntax", "", ".[] | select(", "--jq"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			e.F.Globals.Output, e.F.Globals.JQ = tc.format, tc.jq
			err := run(e)
			if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			if len(e.Received()) != 0 || e.Out.Len() != 0 {
				t.Errorf("sent %v, printed %q", e.ReceivedPaths(), e.Out.String())
			}
		})
	}
}

func TestBrandsInAPipeAreJSON(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &list); err != nil {
		t.Fatalf("stdout is not a JSON list: %q", e.Out.String())
	}
	if len(list) != 10 {
		t.Fatalf("%d brands, the sandbox has 10", len(list))
	}
	// The document quotes ids ("120"); a script gets numbers.
	first := list[0]
	if first["brandId"] != float64(120) || first["brandName"] != "宝骏" || first["lastModifyTime"] != "2016-01-01 01:01:01" {
		t.Errorf("first brand %v", first)
	}
	if _, ok := first["remark"]; !ok {
		t.Errorf("the empty remark is left out: %v", first)
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr in a pipe: %q", e.ErrOut.String())
	}
	want := []string{"POST /paoding/4s/token/generate", "GET /paoding/4s/brand/list"}
	if got := e.ReceivedPaths(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sandbox received %v, want %v", got, want)
	}
	noSecrets(t, e)
}

func TestBrandsTableOnATerminal(t *testing.T) {
	cmdtest.LocalZone(t, output.ChinaStandardTime)
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(e.Out.String(), "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("want a header and 10 rows:\n%s", e.Out.String())
	}
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "ID BRAND MODIFIED REMARK" {
		t.Errorf("header %q", lines[0])
	}
	// The provider's times are Beijing times, shown with their offset.
	if f := strings.Fields(lines[4]); strings.Join(f, " ") != "140 宝马 2016-05-20 14:00:00 +08:00" {
		t.Errorf("row of 宝马 %q", lines[4])
	}
	if strings.HasPrefix(e.Out.String(), "[") || strings.Contains(e.Out.String(), "\t") {
		t.Errorf("a terminal gets an aligned table, not JSON or tabs:\n%s", e.Out.String())
	}
	if e.ErrOut.Len() != 0 {
		t.Errorf("stderr: %q", e.ErrOut.String())
	}
	noSecrets(t, e)
}

// -o table in a pipe keeps the columns but separates them with tabs, so a
// script can cut them.
func TestBrandsTableInAPipeIsTabSeparated(t *testing.T) {
	cmdtest.LocalZone(t, output.ChinaStandardTime)
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output = "table"
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.HasPrefix(out, "id\tbrand\tmodified\tremark\n") || !strings.Contains(out, "\n200\t吉利\t2017-06-18 16:45:00 +08:00\t\n") {
		t.Fatalf("%q", out)
	}
}

func TestBrandsJQPrintsBareValues(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.JQ = `.[] | select(.lastModifyTime >= "2017") | .brandName`
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if got := e.Out.String(); got != "比亚迪\n吉利\n" {
		t.Fatalf("%q", got)
	}
}

func TestBrandsXMLHasItsOwnRoot(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Output = "xml"
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "<brands>") || !strings.Contains(out, "<brandName>奔驰</brandName>") {
		t.Fatalf("%s", out)
	}
}

// The token is fetched once and kept: a second listing in the same
// session logs in again neither at the sandbox nor with another token.
func TestOneTokenServesRepeatedListings(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for range 2 {
		if err := run(e); err != nil {
			t.Fatal(err)
		}
	}
	var generates int
	tokens := map[string]bool{}
	for _, r := range e.Received() {
		switch r.Path {
		case "/paoding" + paoding.PathTokenGenerate:
			generates++
		case "/paoding" + paoding.PathBrandList:
			tokens[r.Header.Get(paoding.HeaderToken)] = true
		}
	}
	if generates != 1 || len(tokens) != 1 || tokens[""] {
		t.Fatalf("%d logins, %d distinct tokens on the listings: %v", generates, len(tokens), e.ReceivedPaths())
	}
	noSecrets(t, e)
}

// 10040 is the daily quota (100 a day in production for this list): exit
// 7, with the provider's code for scripts and the quota in the hint.
func TestBrandsQuotaExhaustedExitsSeven(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/brand/list=code:10040"})
	err := run(e)
	if cmdutil.ExitCode(err) != failure.ExitRateLimit {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	doc := string(cmdutil.ErrorJSON(err))
	if !strings.Contains(doc, `"code":"10040"`) || !strings.Contains(doc, "500 in the test environment") {
		t.Errorf("error document %s", doc)
	}
	if e.Out.Len() != 0 {
		t.Errorf("stdout %q", e.Out.String())
	}
	noSecrets(t, e, err.Error(), doc)
}

// A rejected token (10030) is replaced once and the listing repeated once;
// refused again, the command exits 3 without showing either token.
func TestBrandsRejectedTokenExitsThreeAfterOneRetry(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Faults: "paoding:/4s/brand/list=code:10030"})
	err := run(e)
	if cmdutil.ExitCode(err) != failure.ExitAuth || !strings.Contains(string(cmdutil.ErrorJSON(err)), `"code":"10030"`) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	lists := 0
	for _, p := range e.ReceivedPaths() {
		if p == "GET /paoding"+paoding.PathBrandList {
			lists++
		}
	}
	if lists != 2 {
		t.Errorf("listed %d times, want the first try and one retry: %v", lists, e.ReceivedPaths())
	}
	noSecrets(t, e, err.Error(), string(cmdutil.ErrorJSON(err)))
}

// -v logs each exchange on stderr with the sign and tokens masked.
func TestVerboseLogMasksSecrets(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Verbose = true
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	log := e.ErrOut.String()
	if !strings.Contains(log, "GET /paoding/4s/brand/list") || !strings.Contains(log, "Authorization-Token: ****") {
		t.Fatalf("no request log:\n%s", log)
	}
	if !json.Valid(e.Out.Bytes()) {
		t.Errorf("the log went to stdout: %q", e.Out.String())
	}
	noSecrets(t, e)
}
