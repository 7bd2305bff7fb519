package ebao

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/spf13/cobra"
)

const sandboxSecret = "sandbox-ebao-secret-7f3a9c"

var examples = filepath.Join("..", "..", "..", "..", "examples", "ebao")

func execute(e *cmdtest.Env, cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	return cmd.Execute()
}

func run(e *cmdtest.Env, args ...string) error { return execute(e, NewCmdEbao(e.F, nil), args...) }

func noSecret(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	if strings.Contains(e.Out.String()+e.ErrOut.String(), sandboxSecret) {
		t.Fatal("the secret key was printed")
	}
}

func TestFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdEbao(e.F, func(o *Options) error { got = o; return nil })
	if err := execute(e, cmd, "-f", "b.json", "--operation", "issue", "--access-key", "AK", "--secret-stdin", "--verify", "abc"); err != nil {
		t.Fatal(err)
	}
	if got.File != "b.json" || got.Operation != "issue" || got.AccessKey != "AK" || !got.SecretStdin || got.Verify != "abc" {
		t.Fatalf("%+v", got)
	}
	for _, args := range [][]string{
		{},                             // no -f
		{"-f", "-", "--secret-stdin"},  // both from stdin
		{"-f", "b.json", "--response"}, // nothing to verify
		{"-f", "b.json", "--operation", "buy"},
	} {
		if err := execute(e, NewCmdEbao(e.F, func(*Options) error { return nil }), args...); cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// The signature `sign ebao` prints for a file is the one a real request
// for that file carries, as plain --dry-run shows it.
func TestReproducesDryRunSignature(t *testing.T) {
	for _, c := range []struct {
		name string
		cmd  func(e *cmdtest.Env) *cobra.Command
		args []string
		op   string
	}{
		{"quote", func(e *cmdtest.Env) *cobra.Command { return quote.NewCmdQuote(e.F, nil) }, []string{"--provider", "ebao"}, "quote"},
		{"issue", func(e *cmdtest.Env) *cobra.Command { return issue.NewCmdIssue(e.F, nil) }, []string{"--provider", "ebao"}, "issue"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			file := filepath.Join(examples, c.name+".json")
			e.F.Globals.DryRun = true
			if err := execute(e, c.cmd(e), append(c.args, "-f", file)...); cmdutil.ExitCode(err) != 0 {
				t.Fatal(err)
			}
			// In a pipe the dry run is one JSON object (httpx.DryRunRequest).
			var dry httpx.DryRunRequest
			if err := json.Unmarshal(e.Out.Bytes(), &dry); err != nil {
				t.Fatalf("dry run: %v: %s", err, e.Out)
			}
			want := regexp.MustCompile(`signature=([0-9a-f]{32})`).FindStringSubmatch(dry.URL)
			if want == nil {
				t.Fatalf("dry run: %s", e.Out)
			}
			e.Reset()
			e.F.Globals.DryRun, e.F.Globals.ShowSecrets = false, false
			if err := run(e, "-f", file, "--operation", c.op); err != nil {
				t.Fatal(err)
			}
			var r Result
			if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(file)
			if r.Signature != want[1] || r.BodyBytes != len(b) || r.Canonical != string(b)+"********" {
				t.Fatalf("sign %+v, dry run %s", r, want[1])
			}
			if !strings.HasSuffix(dry.URL, r.URL) || dry.Body != string(b) {
				t.Fatalf("URL %s or the body is not the dry run's %s", r.URL, dry.URL)
			}
			noSecret(t, e)
			if len(e.Received()) != 0 {
				t.Fatal("sent a request")
			}
		})
	}
}

func TestTableOnTerminalAndVerify(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	file := filepath.Join(examples, "quote.json")
	if err := run(e, "-f", file); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"body:", "1310 bytes", "operation:", "quote (guessed", "signature:", "e2cc51747a7ce0792c6273f161a87ffb",
		"signed URL:", "POST /pa_web/api/policies/quotations?version=1&accessKey=TqlLeuUB1w&signature=e2cc51747a7ce0792c6273f161a87ffb",
		"string hashed", "}\n********\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	noSecret(t, e)
	e.Reset()
	// The service compares the text it computes: upper-case hex is refused
	// there, so it is no match here, and the error says why.
	err := run(e, "-f", file, "--verify", "E2CC51747A7CE0792C6273F161A87FFB")
	if cmdutil.ExitCode(err) != 6 || !strings.Contains(err.Error(), "lower-case") {
		t.Fatalf("upper-case hex: exit %d: %v", cmdutil.ExitCode(err), err)
	}
	e.Reset()
	if err := run(e, "-f", file, "--verify", "00000000000000000000000000000000"); cmdutil.ExitCode(err) != 6 || !strings.Contains(e.Out.String(), "MISMATCH") {
		t.Fatalf("mismatch: %v", err)
	}
}

func TestResponseVerification(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	// The worked answer in docs/providers/ebao.md, signed by the sandbox.
	body := `{"fee":{"COMMISSION":0,"APP":30,"AGP":30,"SNP":30,"ANP":30,"SGP":30},"quotationNumber":"Q1507160000000001"}`
	file := filepath.Join(t.TempDir(), "answer.json")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(e, "--response", "-f", file, "--header-signature", "a08cc53f9eeef33db23c4eb5dfd5de1c"); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.Verified == nil || !*r.Verified || r.BodyBytes != 107 || r.Signature != "" || r.URL != "" {
		t.Fatalf("%q", e.Out.String())
	}
	e.Reset()
	_ = os.WriteFile(file, []byte(strings.Replace(body, "30", "31", 1)), 0o600)
	err := run(e, "--response", "-f", file, "--header-signature", "a08cc53f9eeef33db23c4eb5dfd5de1c")
	if cmdutil.ExitCode(err) != 6 {
		t.Fatalf("tampered answer: %v", err)
	}
	// The expected signature is never shown.
	if regexp.MustCompile(`[0-9a-f]{32}`).FindAllString(e.Out.String(), -1)[0] != "a08cc53f9eeef33db23c4eb5dfd5de1c" {
		t.Fatalf("%s", e.Out.String())
	}
}

func TestSecretFromStdinOrEnvironmentWithoutProfile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Profile = "nope"
	file := filepath.Join(examples, "quote.json")
	e.In.WriteString(sandboxSecret + "\n")
	if err := run(e, "-f", file, "--secret-stdin", "--access-key", "TqlLeuUB1w"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"signature":"e2cc51747a7ce0792c6273f161a87ffb"`) {
		t.Fatalf("%s", e.Out.String())
	}
	noSecret(t, e)
	e.Reset()
	t.Setenv("INSURE_EBAO_SECRET_KEY", sandboxSecret)
	t.Setenv("INSURE_EBAO_ACCESS_KEY", "TqlLeuUB1w")
	if err := run(e, "-f", file); err != nil || !strings.Contains(e.Out.String(), "e2cc51747a7ce0792c6273f161a87ffb") {
		t.Fatalf("%v %s", err, e.Out.String())
	}
	e.Reset()
	t.Setenv("INSURE_EBAO_SECRET_KEY", "")
	err := run(e, "-f", file)
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "INSURE_EBAO_SECRET_KEY") {
		t.Fatalf("missing secret: %v", err)
	}
}

// A body insure api ebao would refuse (a byte-order mark, bytes that are
// not UTF-8, not JSON, a member given twice) is
// still signed byte for byte, from a file or stdin, CRLF and all, but
// stderr says so; a body it sends draws no warning.
func TestUnsendableBodyIsSignedWithAWarning(t *testing.T) {
	quote, err := os.ReadFile(filepath.Join(examples, "quote.json"))
	if err != nil {
		t.Fatal(err)
	}
	crlf := []byte(strings.ReplaceAll(string(quote), "\n", "\r\n"))
	for _, c := range []struct {
		name string
		body []byte
		warn string
	}{
		{"bom", append([]byte("\xef\xbb\xbf"), crlf...), "byte-order mark"},
		{"xml", []byte("<Request/>"), "not a JSON object"},
		{"gbk", []byte("{\"P041\":\"\xbb\xa6A6U615\"}"), "not UTF-8"},
		{"twice", []byte(`{"policyNumber":"P1","policyNumber":"P2"}`), "gives policyNumber twice"},
		{"crlf", crlf, ""},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.In.Write(c.body)
		if err := run(e, "-f", "-"); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var res Result
		if err := json.Unmarshal(e.Out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if want := md5hex(append(append([]byte{}, c.body...), sandboxSecret...)); res.Signature != want || res.BodyBytes != len(c.body) {
			t.Errorf("%s: signature %s over %d bytes, want %s over %d", c.name, res.Signature, res.BodyBytes, want, len(c.body))
		}
		got := e.ErrOut.String()
		if (c.warn == "") != (got == "") || !strings.Contains(got, c.warn) {
			t.Errorf("%s: stderr %q, want %q", c.name, got, c.warn)
		}
		noSecret(t, e)
	}
}

func md5hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// On a terminal the string hashed is shown with its control characters as
// escapes: a body holding an escape sequence cleared the screen (or hid
// what followed), and a CRLF file's CRs vanished from what was shown for
// comparison. The signature is still over the bytes as read, and JSON
// keeps them as they are.
func TestTableShowsControlCharactersOfTheBody(t *testing.T) {
	body := "{\"channelCode\":\"AXA_TP\",\r\n\"note\":\"\x1b[2J\x1b]0;owned\x07\"}"
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.In.WriteString(body)
	if err := run(e, "-f", "-"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Errorf("control characters reach the terminal: %q", out)
	}
	if !strings.Contains(out, `"AXA_TP",\r`+"\n") || !strings.Contains(out, `\x1b[2J\x1b]0;owned\x07`) {
		t.Errorf("the body's control characters are not shown:\n%s", out)
	}
	if !strings.Contains(out, md5hex(append([]byte(body), sandboxSecret...))) {
		t.Errorf("the signature is not over the bytes as read:\n%s", out)
	}
}

// --operation takes the names insure api and the journal use too
// (quotation, issuance, cancellation), and --header-signature without
// --response, which was ignored, is exit 2 saying what it is for.
func TestOperationTakesTheAPINamesAndHeaderSignatureNeedsResponse(t *testing.T) {
	for api, short := range map[string]string{"quotation": "quote", "issuance": "issue", "cancellation": "cancel"} {
		e := cmdtest.New(t, cmdtest.Options{})
		var got *Options
		err := execute(e, NewCmdEbao(e.F, func(o *Options) error { got = o; return nil }), "-f", "b.json", "--operation", api)
		if err != nil || got == nil || got.Operation != short {
			t.Errorf("--operation %s: %v %+v", api, err, got)
		}
	}
	e := cmdtest.New(t, cmdtest.Options{})
	err := execute(e, NewCmdEbao(e.F, func(*Options) error { return nil }), "-f", "b.json", "--header-signature", "a08cc53f9eeef33db23c4eb5dfd5de1c")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--response") {
		t.Errorf("--header-signature alone: %v", err)
	}
}
