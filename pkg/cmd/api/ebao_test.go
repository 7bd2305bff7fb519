package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/ebao"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

const examplesDir = "../../../examples/"

// An answer that fails verification is exit 6 in every format. With -o
// raw, which promises the body as received (the error's hint says so),
// the body is on stdout and stderr flags it as untrusted, as insure quote
// does; other formats print nothing untrusted.
func TestEbaoUnverifiedAnswerIsShownOnlyWithRaw(t *testing.T) {
	for _, format := range []string{"raw", "json"} {
		e := cmdtest.New(t, cmdtest.Options{Faults: "ebao=tamper"})
		e.F.Globals.Output = format
		err := run(e, "ebao", "quotation", "-f", examplesDir+"ebao/quote.json")
		if cmdutil.ExitCode(err) != 6 || !strings.Contains(err.Error(), "does not match its body") {
			t.Fatalf("-o %s: exit %d: %v", format, cmdutil.ExitCode(err), err)
		}
		shown := strings.Contains(e.Out.String(), `"quotationNumber"`)
		flagged := strings.Contains(e.ErrOut.String(), "UNVERIFIED")
		if format == "raw" && (!shown || !flagged) {
			t.Errorf("-o raw: stdout %q stderr %q", e.Out, e.ErrOut)
		}
		if format != "raw" && (e.Out.Len() != 0 || flagged) {
			t.Errorf("-o %s printed the untrusted body: %q", format, e.Out)
		}
	}
}

// A bad body in a script is reported field by field (exit 2) before
// --yes is asked for: "--yes is required" would hide what to fix, and
// adding --yes would only then reveal it. Nothing is sent.
func TestEbaoBadBodyIsReportedBeforeYesIsAsked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, op := range []string{"issuance", "cancellation"} {
		e.In.Reset()
		e.In.WriteString(`{"channelCode":"AXA_TP"}`)
		err := run(e, "ebao", op, "-f", "-")
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || len(fe.Fields) == 0 || strings.Contains(err.Error(), "--yes") {
			t.Errorf("%s: exit %d: %v", op, cmdutil.ExitCode(err), err)
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("sent %v", e.ReceivedPaths())
	}
	// A valid body still needs --yes.
	err := run(e, "ebao", "cancellation", "-f", examplesDir+"ebao/cancel.json")
	if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") || len(e.Received()) != 0 {
		t.Fatalf("valid body without --yes: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// stagingEbao makes "staging" the profile: eBao at endpoint with the
// sandbox's keys, plus the given settings.
func stagingEbao(e *cmdtest.Env, endpoint string, extra config.Section) {
	sec := config.Section{"endpoint": endpoint, "access-key": ebaosb.TestAccessKey,
		"secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}
	for k, v := range extra {
		sec[k] = v
	}
	e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": sec}}
	e.F.Globals.Profile = "staging"
}

// An answer accepted without a signature (the profile expects it in a
// header the answer lacks) is flagged on stderr, as insure quote flags
// it; the answer itself is still printed.
func TestEbaoUnsignedAnswerIsFlaggedOnStderr(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	stagingEbao(e, e.Sandbox.Endpoint("ebao"), config.Section{"response-signature-header": "x-other-signature"})
	if err := run(e, "ebao", "quotation", "-f", examplesDir+"ebao/quote.json"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"quotationNumber"`) {
		t.Errorf("stdout %q", e.Out)
	}
	if !strings.Contains(e.ErrOut.String(), `ebao quotation: the answer carries no "x-other-signature" header, so its body is not verified`) {
		t.Errorf("stderr does not flag the unsigned answer: %q", e.ErrOut)
	}
}

// A cancellation eBao refuses with a verified "success": false is shown
// on stdout, as insure cancel shows it, and the refusal is exit 4.
func TestEbaoRefusedCancellationShowsTheAnswer(t *testing.T) {
	body := `{"endorsement_number":"E1506160000000003","success":false}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set(ebao.DefaultSignatureHeader, ebao.Sign([]byte(body), ebaosb.TestSecretKey))
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	e := cmdtest.New(t, cmdtest.Options{})
	stagingEbao(e, srv.URL, nil)
	e.F.Globals.Yes = true
	err := run(e, "ebao", "cancellation", "-f", examplesDir+"ebao/cancel.json")
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "success: false") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if out := e.Out.String(); !strings.Contains(out, "E1506160000000003") || !strings.Contains(out, `"success":false`) {
		t.Fatalf("the refused answer was not shown: stdout %q", out)
	}
}

// api ebao issuance sends the file as written, so a body without a
// quotation number (insure example ebao issuance prints one, for insure
// issue --quote to complete) is exit 2 naming quotationNumber with an
// example, together with every other bad field, and nothing is sent; with
// the number of a quotation it issues.
func TestEbaoIssuanceWithoutQuotationNumberIsRefusedBeforeSending(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	body, err := os.ReadFile(examplesDir + "ebao/issue.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{string(body), strings.Replace(string(body), `"channelCode": "AXA_TP",`, `"quotationNumber": null,`, 1)} {
		e.Reset()
		e.In.Reset()
		e.In.WriteString(b)
		err := run(e, "ebao", "issuance", "-f", "-")
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || fe.Fields[0].Field != "quotationNumber" || fe.Fields[0].Example == "" ||
			!strings.Contains(err.Error(), "ebao issuance") {
			t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
		}
		if strings.Contains(b, "null") && !slices.Contains(fieldNames(err), "channelCode") {
			t.Errorf("the other bad field is not named: %v", fieldNames(err))
		}
		if len(e.Received()) != 0 {
			t.Fatalf("sent %v", e.ReceivedPaths())
		}
	}

	e.Reset()
	if err := run(e, "ebao", "quotation", "-f", examplesDir+"ebao/quote.json"); err != nil {
		t.Fatal(err)
	}
	var q struct{ QuotationNumber string }
	if err := json.Unmarshal(e.Out.Bytes(), &q); err != nil || q.QuotationNumber == "" {
		t.Fatalf("%v %s", err, e.Out)
	}
	e.Reset()
	e.In.Reset()
	e.In.WriteString(strings.Replace(string(body), "{", `{"quotationNumber": "`+q.QuotationNumber+`",`, 1))
	if err := run(e, "ebao", "issuance", "-f", "-"); err != nil || !strings.Contains(e.Out.String(), `"policyNumber":"P`) {
		t.Fatalf("%v %s", err, e.Out)
	}
}

// Without --yes in a script, an act through api is refused naming the
// provider and the operation, as every other api error does.
func TestAPIActWithoutYesNamesTheOperation(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, args := range [][]string{
		{"ebao", "cancellation", "-f", examplesDir + "ebao/cancel.json"},
		{"paoding", "report.buy", "-f", examplesDir + "paoding/buy.json"},
		// Sunshine's acts too (the registry marks 120 and 130): a 130
		// issues a policy, so a script must say --yes before it is sent.
		{"sunshine", "130", "-f", examplesDir + "sunshine/130.yaml"},
		{"sunshine", "120", "-f", examplesDir + "sunshine/120.yaml"},
		{"sunshine", "130", "--raw-xml", "-f", rawExample(t, "130.xml", func(b []byte) []byte {
			return bytes.Replace(b, []byte("<RequestType>050<"), []byte("<RequestType>130<"), 1)
		})},
	} {
		e.Reset()
		err := run(e, args...)
		op := args[1]
		if args[0] == "sunshine" {
			op = "txn." + op
		}
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || fe.Provider != args[0] || fe.Operation != op || !strings.Contains(err.Error(), "--yes") {
			t.Errorf("%v: exit %d: %v", args, cmdutil.ExitCode(err), err)
		}
		if len(e.Received()) != 0 {
			t.Errorf("%v: sent %v", args, e.ReceivedPaths())
		}
	}
}
