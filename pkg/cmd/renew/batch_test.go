package renew

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

func TestBatchRenewFromCSVOnStdin(t *testing.T) {
	e := newEnv(t, false)
	// newEnv's Profile sets the endpoint on every call; the batch's
	// workers call it at once, so resolve it once here.
	p, err := e.F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	e.F.Profile = func() (*config.Profile, error) { return p, nil }
	e.In.WriteString("plate,city\n京J97896,北京\n京A12345,北京\n京AD12345,\n京j97896,\n京J97896,北京,extra\n")
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--concurrency", "3"})
	err = cmd.Execute()
	// 206 is exit 4, bad input exit 2: the refusal is the more severe.
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	type line struct {
		Line    int
		Input   map[string]string
		Outcome string
		Code    string
	}
	var got []string
	for _, l := range cmdtest.JSONLines[line](t, e.Out.String()) {
		got = append(got, l.Input["plate"]+" "+l.Outcome+" "+l.Code)
	}
	want := []string{"京J97896 ok ", "京A12345 refused 206", "京AD12345 usage ", "京j97896 ok ", " usage "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	logins := 0
	for _, p := range e.paths() {
		if strings.Contains(strings.ToLower(p), "login") {
			logins++
		}
	}
	if logins != 1 {
		t.Fatalf("%d logins for one batch, want 1: %v", logins, e.paths())
	}
	noSecret(t, e)
}

// A batch takes each vehicle from its line. --plate, --vin, --engine and
// --open beside --batch (or --batch beside --list-cities) used to be
// ignored without a word, so the user believed they had looked up a car
// they had not: they are usage errors, and nothing is sent.
func TestBatchRefusesFlagsItWouldIgnore(t *testing.T) {
	for _, args := range [][]string{
		{"--batch", "-", "--plate", "京J97896"},
		{"--batch", "-", "--vin", "LSVAU2180N2183294", "--engine", "2192209"},
		{"--batch", "-", "--open"},
		{"--list-cities", "--batch", "-"},
	} {
		e := newEnv(t, false)
		e.In.WriteString("plate\n京A12344\n")
		cmd := NewCmdRenew(e.F, nil) // the real batch path
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(args)
		err := cmd.Execute()
		if cmdutil.ExitCode(err) != 2 || len(e.paths()) != 0 || e.Out.Len() != 0 {
			t.Errorf("%v: exit %d (%v), sent %v, printed %.80q", args, cmdutil.ExitCode(err), err, e.paths(), e.Out)
		}
	}
}

// --city is the default of a batch line that gives no city. Renewal
// cannot cross regions, so a line whose plate names a city of the table
// keeps that city (as a single lookup does over the profile's), and
// only the others take the default.
func TestBatchDefaultCityYieldsToThePlatesOwn(t *testing.T) {
	e := newEnv(t, false)
	p, err := e.F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	e.F.Profile = func() (*config.Profile, error) { return p, nil }
	e.In.WriteString("plate\n京J97896\n黑A12344\n")
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-", "--city", "上海", "--concurrency", "1"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.Out)
	}
	type line struct {
		Outcome string
		Result  struct{ LicenseNo, CityCode string }
	}
	var got []string
	for _, l := range cmdtest.JSONLines[line](t, e.Out.String()) {
		got = append(got, l.Outcome+" "+l.Result.LicenseNo+" "+l.Result.CityCode)
	}
	if want := []string{"ok 京J97896 1", "ok 黑A12344 6"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// A line whose fields the command refuses names its line in the message,
// as the batch's own refusals do, and says how to go on.
func TestBatchFieldErrorNamesItsLine(t *testing.T) {
	e := newEnv(t, false)
	e.In.WriteString("plate,city\n京AD12345,北京\n")
	cmd := NewCmdRenew(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"--batch", "-"})
	if err := cmd.Execute(); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	type line struct {
		Line          int
		Message, Hint string
	}
	got := cmdtest.JSONLines[line](t, e.Out.String())
	if len(got) != 1 || !strings.HasPrefix(got[0].Message, "line 2: ") || !strings.Contains(got[0].Hint, "correct line 2, then run the same command with --resume") {
		t.Errorf("%+v", got)
	}
}
