package list

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
)

// listErr runs history list and returns its error (nil on success).
func listErr(e *cmdtest.Env, args ...string) error {
	e.Reset()
	cmd := NewCmdList(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func record(t *testing.T, e *cmdtest.Env, en httpx.Entry) {
	t.Helper()
	if en.Time.IsZero() {
		en.Time = time.Now()
	}
	if en.Method == "" {
		en.Method, en.URL, en.Status = "POST", "http://x", 200
	}
	if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
		t.Fatal(err)
	}
}

// A quotation's keys hold the holder's ID number and name as salted
// hashes; 34 characters each, they pushed the plate and the quotation
// number, which a reader looks for, off the terminal. The table leaves
// them out (JSON keeps them, as recorded).
func TestListTableLeavesPersonalHashesOut(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		t.Setenv("COLUMNS", "200")
		record(t, e, httpx.Entry{Profile: "sandbox", Provider: "ebao", Operation: "quotation", Keys: map[string]string{
			"holderIdNumber": "132456199001011234", "holderName": "Shop.Zhang", "insuredIdNumber": "132456199001011234",
			"insuredName": "Shop.Zhang", "plate": "沪A6U615", "quotationNumber": "Q2612010000000001"}})
		out := listAs(t, e, "table")
		if strings.Contains(out, "h:") || strings.Contains(out, "holderIdNumber") {
			t.Errorf("tty %v: the table shows personal hashes:\n%s", tty, out)
		}
		// The transaction's numbers come first: a narrow terminal cuts the
		// cell's end, and the plate is usually what was looked up.
		if !strings.Contains(out, "quotationNumber=Q2612010000000001 plate=沪A6U615") {
			t.Errorf("tty %v: the table lacks the identifiers:\n%s", tty, out)
		}
	}
}

// The provider's message can echo what was sent (a real eBao answer names
// the ID number it refused); history list masks it as history show does.
func TestListMasksPersonalDataInTheProvidersMessage(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "ebao", Operation: "quotation",
		Verdict: &httpx.Verdict{ExitClass: 4, Code: "400", Message: "投保人证件号码132456199001011234校验失败, mobile 15710023568"}})
	for _, format := range []string{"json", "yaml"} {
		out := listAs(t, e, format)
		if strings.Contains(out, "132456199001011234") || strings.Contains(out, "15710023568") {
			t.Errorf("-o %s shows personal data in the message:\n%s", format, out)
		}
		if !strings.Contains(out, "132*************34") {
			t.Errorf("-o %s lacks the masked message:\n%s", format, out)
		}
	}
}

// Profile names are case-insensitive everywhere else (-p Sandbox runs the
// sandbox profile) and the journal records them lower-case.
func TestListTakesAProfileNameInAnyCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 3)
	var rows []struct{ Profile string }
	if err := json.Unmarshal([]byte(list(t, e, "--for-profile", "WORK")), &rows); err != nil || len(rows) != 1 || rows[0].Profile != "work" {
		t.Errorf("--for-profile WORK: %v %+v", err, rows)
	}
	e.F.Globals.Profile = "Sandbox"
	defer func() { e.F.Globals.Profile = "sandbox" }()
	if err := json.Unmarshal([]byte(list(t, e)), &rows); err != nil || len(rows) != 3 {
		t.Errorf("-p Sandbox: %v %+v", err, rows)
	}
}

// A misspelt or capitalised --provider used to list nothing and say "no
// requests recorded yet": a capitalised name now works, an unknown one is
// a usage error naming the providers.
func TestListChecksTheProviderName(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 3)
	var rows []struct{ Provider string }
	if err := json.Unmarshal([]byte(list(t, e, "--provider", "Paoding")), &rows); err != nil || len(rows) != 3 {
		t.Errorf("--provider Paoding: %v %+v", err, rows)
	}
	err := listErr(e, "--provider", "paodin")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "paodin") || !strings.Contains(err.Error(), "paoding") {
		t.Errorf("--provider paodin: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// An empty list says why on stderr: nothing recorded at all, nothing
// matching the filters, or matches only in other profiles (a support
// engineer given an order id from another profile).
func TestListSaysWhyNothingIsListed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	list(t, e)
	if got := e.ErrOut.String(); !strings.Contains(got, "no requests recorded yet") {
		t.Errorf("empty journal: stderr %q", got)
	}
	fill(t, e, 3)
	record(t, e, httpx.Entry{Profile: "work", Provider: "paoding", Operation: "report.buy", Keys: map[string]string{"orderId": "WORK-1"}})
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--key", "NOTHING"}, []string{`no requests recorded for profile "sandbox" match`, "--key NOTHING"}},
		{[]string{"--key", "WORK-1"}, []string{"--key WORK-1", "1 for other profiles", "--all-profiles"}},
		{[]string{"--provider", "bihu", "--all-profiles"}, []string{"no requests recorded match", "--provider bihu"}},
	} {
		for _, tty := range []bool{true, false} {
			e.F.IOStreams.SetStdoutTTY(tty)
			out := list(t, e, c.args...)
			got := e.ErrOut.String()
			if strings.Contains(got, "yet") {
				t.Errorf("%v: stderr says nothing was recorded: %q", c.args, got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%v (tty %v): stderr %q lacks %q", c.args, tty, got, w)
				}
			}
			if !tty && strings.TrimSpace(out) != "[]" {
				t.Errorf("%v: stdout in a pipe %q", c.args, out)
			}
		}
	}
}

// -p with a profile that is neither configured nor in the journal is a
// typo: every other command refuses it (exit 2), and history list used to
// print an empty list. A removed profile whose requests the journal still
// holds is listed.
func TestListRefusesAnUnknownSelectedProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 3)
	defer func() { e.F.Globals.Profile = "sandbox" }()
	e.F.Globals.Profile = "sandbx"
	err := listErr(e)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `"sandbx"`) || !strings.Contains(err.Error(), "sandbox") {
		t.Errorf("-p sandbx: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	e.F.Globals.Profile = "work" // not configured, but in the journal
	var rows []struct{ Profile string }
	if err := json.Unmarshal([]byte(list(t, e)), &rows); err != nil || len(rows) != 1 {
		t.Errorf("-p work: %v %+v", err, rows)
	}
}

// VINs, plates and the providers' numbers are upper case; one typed in
// lower case finds them, and stderr says which key was used.
func TestListKeyTypedInLowerCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "paoding", Operation: "report.buy", Keys: map[string]string{"vin": "LSVAU2180N2183294"}})
	var rows []struct{ Keys map[string]string }
	if err := json.Unmarshal([]byte(list(t, e, "--key", "lsvau2180n2183294")), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("--key in lower case: %v %+v", err, rows)
	}
	if !strings.Contains(e.ErrOut.String(), "LSVAU2180N2183294") {
		t.Errorf("stderr does not say the key used: %q", e.ErrOut.String())
	}
}

// --for-profile with a profile that is neither configured nor in the
// journal is a typo, refused as -p's is (exit 2, with the close name); it
// used to print an empty list, exit 0. A removed profile's requests are
// still listed.
func TestListRefusesAnUnknownForProfile(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		fill(t, e, 3)
		err := listErr(e, "--for-profile", "sandbx")
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), `"sandbx"`) || !strings.Contains(err.Error(), "did you mean sandbox?") {
			t.Errorf("tty %v: --for-profile sandbx: exit %d: %v", tty, cmdutil.ExitCode(err), err)
		}
		if out := listAs(t, e, "json", "--for-profile", "work"); !strings.Contains(out, `"profile":"work"`) {
			t.Errorf("tty %v: --for-profile work (in the journal only): %s", tty, out)
		}
	}
}

// A name given as --key is matched by its hash; when nothing matches,
// stderr says which filters matched nothing without repeating the name
// (it used to: "match --key 李四").
func TestListDoesNotRepeatAnUnknownNameKey(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		fill(t, e, 3)
		for _, name := range []string{"李四", "Li Si"} {
			out := list(t, e, "--key", name)
			if all := out + e.ErrOut.String(); strings.Contains(all, name) {
				t.Errorf("tty %v: --key %s is repeated:\n%s", tty, name, all)
			}
			if !strings.Contains(e.ErrOut.String(), "match --key") {
				t.Errorf("tty %v: stderr does not say why the list is empty: %q", tty, e.ErrOut.String())
			}
		}
		list(t, e, "--key", "NO-SUCH-1")
		if !strings.Contains(e.ErrOut.String(), "--key NO-SUCH-1") {
			t.Errorf("tty %v: an unknown identifier is not named: %q", tty, e.ErrOut.String())
		}
	}
}

// A plate pasted with a space or a middle dot (京J 97896, 京J·97896) is
// the plate the journal keys as 京J97896: --key lists its requests, as
// find finds them, and stderr says which key was used. It listed nothing.
func TestListKeyPastedWithASpaceOrADot(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "bihu", Operation: "renewal", Keys: map[string]string{"plate": "京J97896"}})
	for _, typed := range []string{"京J 97896", "京j·97896", "京Ｊ９７８９６"} {
		var rows []struct{ Keys map[string]string }
		if err := json.Unmarshal([]byte(list(t, e, "--key", typed)), &rows); err != nil || len(rows) != 1 {
			t.Errorf("--key %q: %v %+v", typed, err, rows)
		}
		if !strings.Contains(e.ErrOut.String(), `listing the requests keyed "京J97896"`) {
			t.Errorf("--key %q: stderr does not say the key used: %q", typed, e.ErrOut.String())
		}
	}
}

// A resident ID number typed in groups as --key matched nothing, and the
// reason on stderr repeated it in clear ("match --key 440106 19800101
// 1299"); it is masked as the number it is.
func TestListDoesNotRepeatAResidentIDKeyTypedInGroups(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 3)
	out := list(t, e, "--key", "440106 19800101 1299")
	if all := out + e.ErrOut.String(); strings.Contains(all, "19800101") || !strings.Contains(all, "match --key 440*************99") {
		t.Errorf("stdout and stderr:\n%s", all)
	}
}

// A batch's generated order id is mixed case (INSBea51…); --key typed in
// lower or upper case listed nothing. It lists the id's requests and
// stderr says which key was used.
func TestListKeyOfAMixedCaseOrderIDInAnyCase(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "paoding", Operation: "report.buy", Keys: map[string]string{"orderId": "INSBea51e3bd"}})
	for _, typed := range []string{"insbea51e3bd", "INSBEA51E3BD"} {
		var rows []struct{ Keys map[string]string }
		if err := json.Unmarshal([]byte(list(t, e, "--key", typed)), &rows); err != nil || len(rows) != 1 {
			t.Errorf("--key %s: %v %+v", typed, err, rows)
		}
		if !strings.Contains(e.ErrOut.String(), `listing the requests keyed "INSBea51e3bd"`) {
			t.Errorf("--key %s: stderr %q", typed, e.ErrOut.String())
		}
	}
}

// --provider pao (the start of paoding) suggested "did you mean ebao?",
// the name nearest by edit distance; a name the given one begins is what
// was meant.
func TestListProviderSuggestionPrefersANameItBegins(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 1)
	for _, c := range []struct{ given, want string }{{"pao", "paoding"}, {"sun", "sunshine"}, {"bi", "bihu"}, {"eba", "ebao"}} {
		err := listErr(e, "--provider", c.given)
		if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "did you mean "+c.want+"?") {
			t.Errorf("--provider %s: exit %d: %v", c.given, cmdutil.ExitCode(err), err)
		}
	}
}

// A plate written with a hyphen (粤B-12345) is the plate the journal keys
// as 粤B12345: --key lists its requests, as find finds them.
func TestListKeyWrittenWithAHyphen(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "bihu", Operation: "renewal", Keys: map[string]string{"plate": "京J97896"}})
	for _, typed := range []string{"京J-97896", "京j.97896"} {
		var rows []struct{ Keys map[string]string }
		if err := json.Unmarshal([]byte(list(t, e, "--key", typed)), &rows); err != nil || len(rows) != 1 {
			t.Errorf("--key %q: %v %+v", typed, err, rows)
		}
		if !strings.Contains(e.ErrOut.String(), `listing the requests keyed "京J97896"`) {
			t.Errorf("--key %q: stderr does not say the key used: %q", typed, e.ErrOut.String())
		}
	}
}

// A mobile in international form given as --key was repeated in clear in
// the reason for an empty list ("match --key +8613800000000").
func TestListDoesNotRepeatAMobileKeyInInternationalForm(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	fill(t, e, 1)
	list(t, e, "--key", "+86 138 0000 0000")
	if all := e.Out.String() + e.ErrOut.String(); strings.Contains(all, "0000 0000") || !strings.Contains(all, "138******00") {
		t.Errorf("the mobile is repeated or not masked:\n%s", all)
	}
}

// At 80 columns every row's keys read "quotatio…": the profile column,
// the same in every row of one profile's list, kept its width, and the
// keys' names took the rest. On a narrow terminal the profile column and
// the names give way, and the number shows; a pipe keeps both.
func TestListShowsTheNumberAt80Columns(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	t.Setenv("COLUMNS", "80")
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "ebao", Operation: "quotation", Keys: map[string]string{
		"plate": "沪A6U615", "quotationNumber": "Q2612010000000001"}})
	out := listAs(t, e, "table")
	if strings.Contains(out, "PROFILE") || !strings.Contains(out, "Q261201000000") {
		t.Errorf("at 80 columns the number is cut or the profile column stays:\n%s", out)
	}
	t.Setenv("COLUMNS", "200")
	if out := listAs(t, e, "table"); !strings.Contains(out, "PROFILE") || !strings.Contains(out, "quotationNumber=Q2612010000000001") {
		t.Errorf("at 200 columns the profile or the keys' names went:\n%s", out)
	}
}

// At 60 columns the zone, the same in every row, took 7 columns of each
// and the provider and operation were cut to "paod…" and "repo…". On a
// narrow terminal it moves into the time column's header; wider, every
// time keeps its own. The provider then gives way whole to the order id
// (fitTerminal), never cut.
func TestListMovesTheZoneIntoTheHeaderWhenNarrow(t *testing.T) {
	cmdtest.LocalZone(t, time.FixedZone("CST", 8*3600))
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	t.Setenv("COLUMNS", "60")
	record(t, e, httpx.Entry{Profile: "sandbox", Provider: "paoding", Operation: "report.get", Keys: map[string]string{"orderId": "API-ORDER-1"}})
	out := listAs(t, e, "table")
	if !strings.Contains(out, "TIME (+08:00)") || strings.Contains(out, " +08:00  ") || strings.Contains(out, "paod…") ||
		!strings.Contains(out, "report.get  ") || !strings.Contains(out, " API-ORDER-1\n") {
		t.Errorf("at 60 columns:\n%s", out)
	}
	t.Setenv("COLUMNS", "200")
	if out := listAs(t, e, "table"); strings.Contains(out, "TIME (") || !strings.Contains(out, " +08:00  ") {
		t.Errorf("at 200 columns:\n%s", out)
	}
}
