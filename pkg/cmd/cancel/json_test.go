package cancel

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// eBao's answer names the endorsement only. The JSON (and YAML, XML) adds
// the policy cancelled, as the table shows it, and keeps every member of
// the answer, one eBao's document does not list included; -o raw stays
// eBao's bytes.
func TestCancelJSONNamesThePolicy(t *testing.T) {
	const answer = `{"endorsement_number":"E1506160000000003","success":true,"note":"kept"}`
	for _, c := range []struct {
		tty    bool
		format string
	}{{false, ""}, {true, "json"}} {
		e := hostileEbao(t, c.tty, answer)
		e.F.Globals.Output = c.format
		if err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01"); err != nil {
			t.Fatalf("tty %v: exit %d: %v", c.tty, cmdutil.ExitCode(err), err)
		}
		var got map[string]any
		if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil {
			t.Fatalf("tty %v: %v: %q", c.tty, err, e.Out)
		}
		if got["policyNumber"] != "P2701160000000001" || got["endorsement_number"] != "E1506160000000003" || got["success"] != true || got["note"] != "kept" {
			t.Fatalf("tty %v: %v", c.tty, got)
		}
	}
	for format, want := range map[string]string{
		"yaml": "policyNumber: P2701160000000001\n",
		"xml":  "<policyNumber>P2701160000000001</policyNumber>",
		"raw":  answer, // the bytes as received, nothing added in a pipe
	} {
		e := hostileEbao(t, false, answer)
		e.F.Globals.Output = format
		if err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01"); err != nil {
			t.Fatalf("-o %s: %v", format, err)
		}
		if out := e.Out.String(); !strings.Contains(out, want) || (format == "raw" && out != want) {
			t.Errorf("-o %s: want %q in %q", format, want, out)
		}
	}
}

// A --batch line's result is the same JSON: the policy is named in the
// result, not only in the echoed input.
func TestBatchCancelResultNamesThePolicy(t *testing.T) {
	e := hostileEbao(t, false, `{"endorsement_number":"E1506160000000003","success":true}`)
	e.In.WriteString("policy_number,date\nP2701160000000001,2027-02-01\nP2701160000000002,2027-02-01\n")
	if err := run(e, "--provider", "ebao", "--batch", "-"); err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	lines := batchLines(t, e.Out.String())
	if len(lines) != 2 {
		t.Fatalf("%s", e.Out)
	}
	for _, l := range lines {
		if l.Outcome != "ok" || l.Result["policyNumber"] != l.Input["policy_number"] || l.Result["endorsement_number"] != "E1506160000000003" {
			t.Fatalf("line %d: %+v", l.Line, l)
		}
	}
}

// In a pipe (or with -o json) --dry-run prints the request as one JSON
// object, the body as the exact text signed; -o table keeps the text form
// TestDryRunBuildsTheBodyFromArguments shows on a terminal.
func TestDryRunInPipeIsOneJSONObject(t *testing.T) {
	want := "{\n  \"policyNumber\": \"P2611230000000001\",\n  \"channelCode\": \"AXA_TP\",\n  \"applicationDate\": \"2015-01-01T00:00:00.000Z\",\n  \"applicationType\": \"APLY_BY_INSURER\"\n}\n"
	for _, c := range []struct {
		tty    bool
		format string
	}{{false, ""}, {true, "json"}} {
		e := cmdtest.New(t, cmdtest.Options{TTY: c.tty})
		e.F.Globals.DryRun, e.F.Globals.Output = true, c.format
		if err := run(e, "--provider", "ebao", "P2611230000000001", "--type", "APLY_BY_INSURER", "--date", "2015-01-01"); cmdutil.ExitCode(err) != 0 {
			t.Fatal(err)
		}
		var d httpx.DryRunRequest
		if err := json.Unmarshal(e.Out.Bytes(), &d); err != nil || strings.Count(e.Out.String(), "\n") != 1 {
			t.Fatalf("tty %v: not one JSON line: %v: %q", c.tty, err, e.Out)
		}
		if !d.DryRun || d.Method != "POST" || !strings.Contains(d.URL, "/pa_web/api/endorsement/cancellation?version=1&accessKey=") ||
			!strings.Contains(d.URL, "&signature=") || d.Body != want || strings.Join(d.Headers["Content-Type"], ",") != "application/json" {
			t.Fatalf("tty %v: %+v", c.tty, d)
		}
		if strings.Contains(e.Out.String()+e.ErrOut.String(), ebaosb.TestSecretKey) || len(e.Received()) != 0 {
			t.Fatal("the secret key was printed, or a request sent")
		}
	}
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun, e.F.Globals.Output = true, "table"
	if err := run(e, "--provider", "ebao", "P2611230000000001", "--type", "APLY_BY_INSURER", "--date", "2015-01-01"); cmdutil.ExitCode(err) != 0 {
		t.Fatal(err)
	}
	if out := e.Out.String(); !strings.HasPrefix(out, "POST /ebao/pa_web/api/endorsement/cancellation?") || !strings.HasSuffix(out, want) {
		t.Fatalf("-o table: %q", out)
	}
}

// A --batch --dry-run prints one JSON object per input line and nothing
// else: the requests the transport renders are not printed besides, and
// each line's result holds its request in the text form (documented as
// `{"dry_run":true,"request":"…"}`).
func TestBatchDryRunIsOneObjectPerLine(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.DryRun = true
	e.In.WriteString("policy_number\nP2701160000000001\nP2701160000000002\n")
	if err := run(e, "--provider", "ebao", "--batch", "-", "--date", "2027-02-01"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	lines := batchLines(t, e.Out.String())
	if len(lines) != 2 || strings.Count(e.Out.String(), "\n") != 2 {
		t.Fatalf("%s", e.Out)
	}
	for _, l := range lines {
		req, _ := l.Result["request"].(string)
		if l.Result["dry_run"] != true || !strings.HasPrefix(req, "POST /ebao/pa_web/api/endorsement/cancellation?") || !strings.Contains(req, l.Input["policy_number"]) {
			t.Fatalf("line %d: %+v", l.Line, l)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
}
