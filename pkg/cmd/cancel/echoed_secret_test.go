package cancel

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/ebao"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// A service whose refusal echoes the secret key (a misconfigured gateway
// repeating what it checked) had it printed in the error on stderr and in
// the JSON error document, although the -v log and the journal masked it.
func TestAnErrorEchoingTheSecretIsMasked(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte(ebaosb.TestSecretKey))
	for _, tty := range []bool{false, true} {
		e := hostileEbao(t, tty, `{"success":false,"message":"bad secretKey `+ebaosb.TestSecretKey+` (`+b64+`)"}`)
		err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01")
		if cmdutil.ExitCode(err) == 0 {
			t.Fatalf("tty %v: the refusal succeeded", tty)
		}
		cmdutil.PrintError(e.F.IOStreams, err, !tty)
		all := e.Out.String() + e.ErrOut.String()
		if strings.Contains(all, ebaosb.TestSecretKey) || strings.Contains(all, b64) {
			t.Errorf("tty %v: the secret is printed:\n%s", tty, all)
		}
		if !strings.Contains(all, "bad secretKey ****") {
			t.Errorf("tty %v: the message is lost:\n%s", tty, all)
		}
	}
}

// The same echo in an answer's data, which is printed on stdout as the
// provider sent it, is masked there too (in every output format, -o raw
// included), with a word on stderr; --show-secrets prints it as received.
func TestAnAnswerEchoingTheSecretIsMaskedOnStdout(t *testing.T) {
	answer := `{"success":true,"endorsement_number":"E1506160000000003","checked":"` + ebaosb.TestSecretKey + `"}`
	for _, tty := range []bool{false, true} {
		for _, format := range []string{"", "json", "yaml", "raw"} {
			e := hostileEbao(t, tty, answer)
			args := []string{"--provider", "ebao", "P2701160000000001", "--date", "2027-02-01"}
			if format != "" {
				e.F.Globals.Output = format
			}
			if err := run(e, args...); err != nil {
				t.Fatalf("tty %v -o %q: %v", tty, format, err)
			}
			if strings.Contains(e.Out.String(), ebaosb.TestSecretKey) {
				t.Errorf("tty %v -o %q: the secret is on stdout:\n%s", tty, format, e.Out.String())
			}
			if !strings.Contains(e.Out.String(), "E1506160000000003") {
				t.Errorf("tty %v -o %q: the endorsement is lost:\n%s", tty, format, e.Out.String())
			}
			if format == "raw" && !strings.Contains(e.ErrOut.String(), "--show-secrets prints it as received") {
				t.Errorf("tty %v -o raw: stderr does not say the bytes were masked:\n%s", tty, e.ErrOut.String())
			}
		}
		e := hostileEbao(t, tty, answer)
		e.F.Globals.ShowSecrets, e.F.Globals.Output = true, "raw"
		if err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01"); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSuffix(e.Out.String(), "\n") != answer || (!tty && e.Out.String() != answer) {
			t.Errorf("tty %v: --show-secrets -o raw printed %q, want the answer as received", tty, e.Out.String())
		}
	}
}

// A short secret that is also a JSON keyword or a number ("true" is 4
// characters, allowed) is not looked for in the data on stdout: masking
// it there turned "flag":true into "flag":**** (invalid JSON, exit 0) and
// premiums into ****. The -v log and the journal still mask it.
func TestAShortSecretDoesNotGarbleTheDataOnStdout(t *testing.T) {
	const secret = "true"
	answer := `{"success":true,"endorsement_number":"E1506160000000003","fee":2016}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set(ebao.DefaultSignatureHeader, ebao.Sign([]byte(answer), secret))
		_, _ = w.Write([]byte(answer))
	}))
	t.Cleanup(srv.Close)
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
		"endpoint": srv.URL, "access-key": ebaosb.TestAccessKey, "secret-key": secret, "channel-code": "AXA_TP"}}}
	e.F.Globals.Profile, e.F.Globals.Yes = "staging", true
	if err := run(e, "--provider", "ebao", "P2701160000000001", "--date", "2027-02-01"); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, e.Out)
	}
	if got["success"] != true || got["fee"] != float64(2016) {
		t.Errorf("the data changed: %s", e.Out)
	}
}
