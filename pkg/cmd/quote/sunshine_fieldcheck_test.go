package quote

import (
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/sunshine"
)

// refusedOwnerID answers the owner's ID as another card's number: insure
// sends it as given (ownerIdType=02), but the sandbox's checkIdNo, the
// ownerIdNo control's checkUrl, takes resident IDs only and refuses it
// after the whole vehicle form was answered.
var refusedOwnerID = []string{"--set", "vehicleFrameNo=LSVAM4187C2184321", "--set", "engineNo=184321",
	"--set", "ownerIdType=02", "--set", "ownerIdNo=E12345678"}

const ownerIDPrompt = "身份证号码 (ownerIdNo)"

// checkIDRequests counts the sandbox's checkIdNo look-ups.
func checkIDRequests(e *cmdtest.Env) int {
	n := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, "/checkIdNo.action") {
			n++
		}
	}
	return n
}

// On a terminal an answer the platform's field check refuses is asked
// again, alone, with the platform's reason and a number to copy, and
// checked again; the quote then goes on. It was exit 2, and the person
// answered the whole vehicle form again from the start.
func TestSunshineAsksAgainForAnAnswerThePlatformsCheckRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	e.Prompts.Answers = vehicleFormAnswers() // ownerIdNo: 440106198001011230
	err := runSunshineQuote(e, append(append([]string{}, newArgs...), refusedOwnerID...)...)
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", cmdutil.ExitCode(err), err, e.ErrOut.String())
	}
	if n := slices.Index(e.Prompts.Asked, ownerIDPrompt); n < 0 || slices.Contains(e.Prompts.Asked[n+1:], ownerIDPrompt) {
		t.Errorf("the owner's ID asked %q", e.Prompts.Asked)
	}
	last := e.Prompts.Forms[len(e.Prompts.Forms)-1]
	if len(last) != 1 || last[0].Label != ownerIDPrompt || last[0].Default != "E12345678" || last[0].Example != sunshine.ResidentIDExample {
		t.Errorf("asked again %+v, want the owner's ID alone", last)
	}
	stderr := e.ErrOut.String()
	for _, s := range []string{"refused 1 answer(s)", ownerIDPrompt + `: "E12345678": 身份证号码有误`, "for example " + sunshine.ResidentIDExample} {
		if !strings.Contains(stderr, s) {
			t.Errorf("%q not in stderr:\n%s", s, stderr)
		}
	}
	if n := checkIDRequests(e); n != 2 {
		t.Errorf("checkIdNo asked %d times, want 2: %v", n, e.ReceivedPaths())
	}
	list, _ := shared.RecordSessions{Store: e.Store}.List(t.Context(), config.SandboxProfile, 0)
	if len(list) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	s, err := shared.RecordSessions{Store: e.Store}.Load(t.Context(), config.SandboxProfile, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Input("ownerIdNo"); got != "440106198001011230" {
		t.Errorf("105 sent ownerIdNo %q", got)
	}
}

// In a script nothing is asked: the refusal stays exit 2 naming the key,
// the platform's reason and an example, and 105 is not sent.
func TestSunshineScriptRefusedByThePlatformsCheckExits2(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	err := runSunshineQuote(e, append(append(append([]string{}, newArgs...), vehicleSets[:6]...), refusedOwnerID[4:]...)...)
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	cmdutil.PrintError(e.F.IOStreams, err, false)
	for _, s := range []string{"vehicleInfo.ownerIdNo:", "身份证号码有误", "--set ownerIdNo=" + sunshine.ResidentIDExample, "nothing was sent"} {
		if !strings.Contains(e.ErrOut.String(), s) {
			t.Errorf("%q not in stderr:\n%s", s, e.ErrOut.String())
		}
	}
	if n := checkIDRequests(e); n != 1 || len(e.ReceivedPaths()) != 3 { // 095, 100, the check
		t.Errorf("checkIdNo asked %d times, sent %v", n, e.ReceivedPaths())
	}
}
