package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
)

func runAPI(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdAPI(e.F, nil)
	cmd.SetArgs(args)
	return cmd.Execute()
}

func TestPaodingOperations(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := runAPI(e, "paoding", "brand.list"); err != nil {
		t.Fatal(err)
	}
	var env map[string]any
	if err := json.Unmarshal(e.Out.Bytes(), &env); err != nil || env["code"] != "10000" {
		t.Fatalf("answer %q", e.Out.String())
	}
	e.Reset()
	err := runAPI(e, "paoding", "report.buy", "-f", "../../../examples/paoding/buy.json", "--set", "orderId=API-1")
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("buy without --yes: %v, sent %v", err, e.ReceivedPaths())
	}
	e.F.Globals.Yes = true
	if err := runAPI(e, "paoding", "report.buy", "-f", "../../../examples/paoding/buy.json", "--set", "orderId=API-1"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"platformOrderNum"`) {
		t.Fatalf("%q", e.Out.String())
	}
	e.Reset()
	if err := runAPI(e, "paoding", "report.get", "--set", "orderId=API-1"); err != nil || !strings.Contains(e.Out.String(), `"orderId":"API-1"`) {
		t.Fatalf("%v %q", err, e.Out.String())
	}
	if err := runAPI(e, "paoding", "nope"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("unknown op: %v", err)
	}
}

func TestBihuRenewalSendsWhatItIsGiven(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := runAPI(e, "bihu", "renewal", "--set", "LicenseNo=京J97896", "--set", "CityCode=1"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), "RenewalToken") {
		t.Fatalf("%q", e.Out.String())
	}
	e.Reset()
	// No CityCode: the command does not check, Bihu answers 412.
	err := runAPI(e, "bihu", "renewal", "--set", "LicenseNo=京J97896")
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "412") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

func TestEbaoQuotationSendsTheFileAsRead(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := runAPI(e, "ebao", "quotation", "-f", "../../../examples/ebao/quote.json"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Out.String(), `"quotationNumber":"Q`) {
		t.Fatalf("%q", e.Out.String())
	}
	if err := runAPI(e, "ebao", "issuance", "-f", "../../../examples/ebao/issue.json"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("issuance without --yes: %v", err)
	}
	if err := runAPI(e, "ebao", "quotation", "-f", "x.json", "--set", "a=b"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("--set: %v", err)
	}
}

// A parameter the operation does not take is refused (exit 2), naming it
// and the ones the operation takes, before anything is sent: each
// operation reads only its own, so any other would be dropped unseen.
// Names are matched without case and sent as the document spells them.
func TestPaodingRefusesParametersTheOperationDoesNotTake(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"brand.list", "--set", "foo=bar"}, []string{"foo", "brand.list takes no parameters"}},
		{[]string{"report.get", "--set", "orderId=API-1", "--set", "vni=LSVAU2180N2183226"}, []string{"vni", "report.get takes orderId"}},
		{[]string{"report.buy", "-f", examplesDir + "paoding/buy.json", "--set", "orderID=API-2", "--set", "orderid=API-3", "--set", "notify=x"},
			[]string{"orderI", "is given twice", "notify", "report.buy takes brandFactoryId, vin, engineNum, image, orderId, notifyUrl"}},
	} {
		err := run(e, append([]string{"paoding"}, tc.args...)...)
		if cmdutil.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d: %v", tc.args, cmdutil.ExitCode(err), err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %q does not say %q", tc.args, err, w)
			}
		}
	}
	if len(e.Received()) != 0 {
		t.Fatalf("refused parameters were sent: %v", e.ReceivedPaths())
	}
	// Another case of a name the operation takes is that name.
	err := run(e, "paoding", "report.get", "--set", "OrderID=NO-SUCH-ORDER")
	if cmdutil.ExitCode(err) != 4 || !strings.Contains(err.Error(), "orderId") {
		t.Fatalf("OrderID: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// token.generate and token.refresh print Paoding's whole answer, code,
// remark and effectiveDuration included, as every other operation does;
// the token and the refresh token stay masked unless --show-secrets, in
// -o raw too.
func TestPaodingTokenOperationsPrintTheAnswerMasked(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	cache := e.Store.TokenCache(config.SandboxProfile, "paoding")
	for _, op := range []string{"token.generate", "token.refresh"} {
		for _, format := range []string{"json", "raw"} {
			e.Reset()
			e.F.Globals.Output = format
			if err := runAPI(e, "paoding", op); err != nil {
				t.Fatalf("%s -o %s: %v", op, format, err)
			}
			tok, _ := cache.Load(t.Context())
			if tok == nil {
				t.Fatalf("%s cached no token", op)
			}
			var env struct {
				Code, Remark string
				Data         map[string]any
			}
			if err := json.Unmarshal(e.Out.Bytes(), &env); err != nil || env.Code != "10000" || env.Remark == "" || env.Data["effectiveDuration"] != "120" {
				t.Fatalf("%s -o %s: not the whole answer: %q (%v)", op, format, e.Out.String(), err)
			}
			if env.Data["refreshToken"] != "********" || (op == "token.generate" && env.Data["token"] != "********") {
				t.Errorf("%s -o %s: token fields not masked", op, format)
			}
			if strings.Contains(e.Out.String()+e.ErrOut.String(), tok.Value) || strings.Contains(e.Out.String()+e.ErrOut.String(), tok.RefreshToken) {
				t.Errorf("%s -o %s: a secret reached the output", op, format)
			}
		}
	}
	e.Reset()
	e.F.Globals.Output, e.F.Globals.ShowSecrets = "json", true
	if err := runAPI(e, "paoding", "token.generate"); err != nil {
		t.Fatal(err)
	}
	tok, _ := cache.Load(t.Context())
	if !strings.Contains(e.Out.String(), tok.Value) || !strings.Contains(e.Out.String(), tok.RefreshToken) {
		t.Errorf("--show-secrets: the token is not shown: %q", e.Out.String())
	}
}
