package sunshine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The worked example of docs/providers/sunshine.md, saved as UTF-8.
const request = `<?xml version="1.0" encoding="GBK" standalone="yes"?>
<PackageList>
	<Package>
		<Header><RequestType>050</RequestType><SessionId>1</SessionId></Header>
		<Request>
	<InputsList>
		<Inputs type="vehicleInfo">
			<input name="licenseNo">京A12345</input>
		</Inputs>
	</InputsList>
</Request>
	</Package>
</PackageList>
`

func run(e *cmdtest.Env, args ...string) error {
	cmd := NewCmdSunshine(e.F, nil)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestSignWorkedExampleAndVerify(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := t.TempDir()
	f := filepath.Join(dir, "req.xml")
	_ = os.WriteFile(f, []byte(request), 0o600)
	if err := run(e, "-f", f); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.CanonicalLength != 120 || r.CanonicalMD5 != "03c350dbd2317244a2463574c5c21938" || !strings.HasPrefix(r.Sign, "T6B0wJkWjqMwZFr29i4--ZWm4VJV") {
		t.Fatalf("%+v", r)
	}
	if strings.Contains(e.Out.String(), "PRIVATE") || strings.Contains(e.Out.String(), "京A12345") {
		t.Fatal("key or canonical text printed")
	}
	// -o raw is the signed GBK document; --verify accepts it.
	e.Reset()
	e.F.Globals.Output = "raw"
	if err := run(e, "-f", f); err != nil {
		t.Fatal(err)
	}
	signed := filepath.Join(dir, "signed.xml")
	_ = os.WriteFile(signed, e.Out.Bytes(), 0o600)
	e.Reset()
	e.F.Globals.Output = "json"
	if err := run(e, "--verify", "-f", signed); err != nil || !strings.Contains(e.Out.String(), `"verified":true`) {
		t.Fatalf("%v %s", err, e.Out.String())
	}
	if len(e.Received()) != 0 {
		t.Fatal("sign sent a request")
	}
}

func TestVerifyResponseWithPlatformKey(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	dir := t.TempDir()
	body := strings.Replace(request, "Request>", "Response>", 2)
	doc, err := sandboxSign([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "resp.xml")
	_ = os.WriteFile(f, doc, 0o600)
	if err := run(e, "--verify", "-f", f); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(f, []byte(strings.Replace(string(doc), "licenseNo", "licenseNO", 1)), 0o600)
	if err := run(e, "--verify", "-f", f); cmdutil.ExitCode(err) != 6 {
		t.Fatalf("tampered: exit %d %v", cmdutil.ExitCode(err), err)
	}
}

func sandboxSign(doc []byte) ([]byte, error) {
	key, err := sunshineReadPrivate(sandbox.TestPlatformPrivateKeyPEM)
	if err != nil {
		return nil, err
	}
	gbk, err := sunshineToGBK(doc)
	if err != nil {
		return nil, err
	}
	return sunshineSignDocument(gbk, "Response", key)
}

// --verify took any document with "<Response" in it for an answer, so a
// signed request holding an element such as <ResponseUrl>, or a comment
// naming <Response>, was refused with "no <Response> element" (exit 2).
// The element is chosen by name: such a request verifies as a request.
func TestVerifySignedRequestMentioningResponse(t *testing.T) {
	for name, edit := range map[string][2]string{
		"element": {"<InputsList>", "<ResponseUrl>https://partner.example/notify</ResponseUrl><InputsList>"},
		"comment": {"<Request>", "<!-- answered by a <Response> --><Request>"},
	} {
		t.Run(name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{})
			e.F.Globals.Output = "raw"
			if err := run(e, "-f", write(t, "req.xml", []byte(strings.Replace(request, edit[0], edit[1], 1)))); err != nil {
				t.Fatal(err)
			}
			signed := write(t, "signed.xml", e.Out.Bytes())
			e.Reset()
			e.F.Globals.Output = "json"
			if err := run(e, "--verify", "-f", signed); err != nil {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			var r Result
			if err := json.Unmarshal(e.Out.Bytes(), &r); err != nil || r.Element != "Request" || r.Verified == nil || !*r.Verified {
				t.Fatalf("%v %s", err, e.Out.String())
			}
		})
	}
}
