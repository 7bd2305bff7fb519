package deliver

import (
	"encoding/pem"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Answers the platform would refuse, or that would be dropped, are exit
// 2 naming every bad field at once, before anything is sent or asked:
// the platform and the local session keep the address they had. (A
// refused 135 would leave the refused values in the local session.)
func TestDeliverRefusesBadAnswersBeforeSending(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		id := underwritten(t, e)
		for _, tc := range []struct {
			args   []string
			fields []string
		}{
			// A mistyped key would otherwise be dropped and 135 sent unchanged.
			{[]string{"--set", "addreseeName=李四"}, []string{"addreseeName"}},
			{[]string{"--set", "insuredInfo.addresseeName=李四"}, []string{"insuredInfo.addresseeName"}},
			{[]string{"--set", "addresseeName="}, []string{"deliverInfo.addresseeName"}},
			{[]string{"--mobile", "123"}, []string{"deliverInfo.addresseeMobile"}},
			{[]string{"--mobile", "1380013800x", "--set", "addresseeDetails= "}, []string{"deliverInfo.addresseeMobile", "deliverInfo.addresseeDetails"}},
			{[]string{"--set", "addresseeName"}, []string{"--set addresseeName"}},
		} {
			err := run(e, append([]string{"--session", id}, tc.args...)...)
			var fe *failure.Error
			if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
				t.Errorf("tty %v %v: exit %d %v", tty, tc.args, cmdutil.ExitCode(err), err)
				continue
			}
			var named []string
			for _, f := range fe.Fields {
				named = append(named, f.Field)
			}
			if !slices.Equal(named, tc.fields) || !strings.Contains(err.Error(), "nothing was sent") {
				t.Errorf("tty %v %v: fields %q in %v", tty, tc.args, named, err)
			}
			if len(e.Received()) != 0 || e.Out.Len() != 0 || len(e.Prompts.Asked) != 0 {
				t.Errorf("tty %v %v: sent %v, stdout %q, asked %q", tty, tc.args, e.ReceivedPaths(), e.Out, e.Prompts.Asked)
			}
		}
		if p := platform(t, e, id); p.Step != "125" || p.Data["addresseeName"] != "张三" || p.Data["addresseeMobile"] != "13800000000" {
			t.Errorf("tty %v: platform at %s holds %q, %q", tty, p.Step, p.Data["addresseeName"], p.Data["addresseeMobile"])
		}
		s := local(t, e, id)
		if s.Input("addresseeName") != "张三" || s.Input("addresseeMobile") != "13800000000" || s.Input("addresseeDetails") == "" {
			t.Errorf("tty %v: the local session changed: %q, %q, %q", tty, s.Input("addresseeName"), s.Input("addresseeMobile"), s.Input("addresseeDetails"))
		}
		// The same session still takes a good change afterwards.
		if err := run(e, "--session", id, "--name", "李四"); err != nil || platform(t, e, id).Data["addresseeName"] != "李四" {
			t.Errorf("tty %v: a good change after the refusals: %v", tty, err)
		}
	}
}

// Without --session, or with one this profile does not have, it is exit 2
// and nothing is sent.
func TestDeliverNeedsAKnownSession(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		err := run(e, "--name", "李四")
		if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "--session") {
			t.Errorf("tty %v, no --session: exit %d %v", tty, cmdutil.ExitCode(err), err)
		}
		err = run(e, "--session", "20260302100000999999", "--name", "李四")
		if cmdutil.ExitCode(err) != failure.ExitUsage || !strings.Contains(err.Error(), "no session 20260302100000999999") {
			t.Errorf("tty %v, unknown session: exit %d %v", tty, cmdutil.ExitCode(err), err)
		}
		if len(e.Received()) != 0 || e.Out.Len() != 0 || len(e.Prompts.Asked) != 0 {
			t.Errorf("tty %v: sent %v, stdout %q, asked %q", tty, e.ReceivedPaths(), e.Out, e.Prompts.Asked)
		}
	}
}

// --dry-run prints the signed 135 and sends nothing: the platform and the
// local session keep the old address.
func TestDeliverDryRunSendsNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	// -o raw: the text form, whose body is the exact bytes, in GBK (the
	// JSON form a pipe gets otherwise holds the body decoded).
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw"
	err := run(e, "--session", id, "--name", "李四")
	if cmdutil.ExitCode(err) != failure.ExitOK {
		t.Fatalf("exit %d %v", cmdutil.ExitCode(err), err)
	}
	// The request as it would go: its exact bytes, in GBK.
	name, err := simplifiedchinese.GBK.NewEncoder().String("李四")
	if err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	if !strings.Contains(out, "<RequestType>135</RequestType>") || !strings.Contains(out, `<input name="addresseeName">`+name+`</input>`) {
		t.Errorf("stdout %.600q", out)
	}
	if len(e.Received()) != 0 {
		t.Errorf("sent %v", e.ReceivedPaths())
	}
	if p := platform(t, e, id); p.Step != "125" || p.Data["addresseeName"] != "张三" || local(t, e, id).Input("addresseeName") != "张三" {
		t.Errorf("platform at %s holds %q; session %q", p.Step, p.Data["addresseeName"], local(t, e, id).Input("addresseeName"))
	}
}

// The partner's private key signs 135; not a line of it reaches stdout
// or stderr, even with the wire log on.
func TestDeliverNeverPrintsThePrivateKey(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		lines := privateKeyLines(t, e)
		id := underwritten(t, e)
		e.F.Globals.Verbose = true
		if err := run(e, "--session", id, "--name", "李四"); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(e.ErrOut.String(), "<RequestType>135</RequestType>") {
			t.Fatalf("tty %v: no wire log on stderr: the check below would prove nothing", tty)
		}
		for _, l := range lines {
			if strings.Contains(e.Out.String(), l) || strings.Contains(e.ErrOut.String(), l) {
				// The line itself is not printed: it is the secret.
				t.Fatalf("tty %v: a line of the private key is in the output", tty)
			}
		}
	}
}

// privateKeyLines are the base64 lines of the sandbox profile's Sunshine
// private key (the setting holds the PEM text or a path to it).
func privateKeyLines(t *testing.T, e *cmdtest.Env) []string {
	t.Helper()
	p, err := e.F.Profile()
	if err != nil {
		t.Fatal(err)
	}
	v := p.Value("sunshine", "private-key")
	if !strings.Contains(v, "-----BEGIN") {
		b, err := os.ReadFile(v)
		if err != nil {
			t.Fatalf("private-key is neither PEM nor a readable file: %v", err)
		}
		v = string(b)
	}
	if blk, _ := pem.Decode([]byte(v)); blk == nil || !strings.Contains(blk.Type, "PRIVATE KEY") {
		t.Fatal("private-key holds no PEM private key")
	}
	var lines []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); len(l) >= 32 && !strings.HasPrefix(l, "-----") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		t.Fatal("no key lines to look for")
	}
	return lines
}

// A step the platform refuses leaves its values as they were, and the
// local session must agree: before the fix the refused province was
// remembered, and the next deliver, changing only the name, sent it again
// and was refused again.
func TestARefusedChangeIsNotSentAgainByTheNext(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	err := run(e, "--session", id, "--province", "99")
	if cmdutil.ExitCode(err) != failure.ExitRefused {
		t.Fatalf("an unknown province: exit %d %v", cmdutil.ExitCode(err), err)
	}
	if got := local(t, e, id).Input("addresseeProvince"); got != "44" {
		t.Errorf("after the refusal the session holds province %q, the platform 44", got)
	}
	if err := run(e, "--session", id, "--name", "王五"); err != nil {
		t.Fatalf("changing the name after a refused province: exit %d %v", cmdutil.ExitCode(err), err)
	}
	p := platform(t, e, id)
	if p.Data["addresseeName"] != "王五" || p.Data["addresseeProvince"] != "44" || p.Data["addresseeCity"] != "4401" {
		t.Errorf("the platform holds %v", p.Data)
	}
}
