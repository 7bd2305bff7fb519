package deliver

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/quote"
	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

const examples = "../../../../examples/sunshine/"

// underwritten quotes a session and underwrites it in a pipe, as a user
// would with the example answers: issue stops before 130 (the sandbox's
// 125 gives no payment serial number), leaving the session at 125 with
// the example's address (张三, 13800000000, 44/4401/440106, 广州市天河区体育西路1号).
// The streams and the request record are then cleared.
func underwritten(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	ios := e.F.IOStreams
	tty := ios.IsStdoutTTY()
	ios.SetStdinTTY(false)
	ios.SetStdoutTTY(false)
	defer func() { ios.SetStdinTTY(tty); ios.SetStdoutTTY(tty) }()
	q := quote.NewCmdQuote(e.F, nil)
	q.SetArgs([]string{"--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800", "--owner", "张三",
		"--mobile", "13800000000", "-f", examples + "answers-quote.yaml"})
	if err := q.Execute(); err != nil {
		t.Fatal(err)
	}
	var quoted struct {
		SessionID string `json:"sessionId"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &quoted); err != nil || quoted.SessionID == "" {
		t.Fatalf("quote printed %q", e.Out.String())
	}
	e.F.Globals.Yes = true
	defer func() { e.F.Globals.Yes = false }()
	i := issue.NewCmdIssue(e.F, nil)
	i.SetArgs([]string{"--provider", "sunshine", "--session", quoted.SessionID, "-f", examples + "answers-issue.yaml"})
	i.SilenceUsage, i.SilenceErrors = true, true
	_ = i.Execute()
	if got := platform(t, e, quoted.SessionID); got.Step != "125" {
		t.Fatalf("the setup left the session at step %q, not 125", got.Step)
	}
	e.Reset()
	e.Prompts.Asked = nil
	return quoted.SessionID
}

// platformSession is what the Sunshine sandbox holds of a session.
type platformSession struct {
	Step string            `json:"step"`
	Data map[string]string `json:"data"`
}

// platform reads the sandbox's own record of the session ("sunshine.session"
// rows of its state, keyed by SessionId).
func platform(t *testing.T, e *cmdtest.Env, id string) platformSession {
	t.Helper()
	b, ok, err := state.Get(t.Context(), e.Sandbox.State(), "sunshine.session", id)
	if err != nil || !ok {
		t.Fatalf("the sandbox has no session %s: %v", id, err)
	}
	var s platformSession
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func local(t *testing.T, e *cmdtest.Env, id string) *purchase.Session {
	t.Helper()
	s, err := shared.RecordSessions{Store: e.Store}.Load(t.Context(), config.SandboxProfile, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// forget drops keys from the local session's inputs: a session whose
// underwriting left those fields unknown here.
func forget(t *testing.T, e *cmdtest.Env, id string, keys ...string) {
	t.Helper()
	s := local(t, e, id)
	for _, k := range keys {
		delete(s.Inputs, k)
	}
	if err := (shared.RecordSessions{Store: e.Store}).Save(t.Context(), s); err != nil {
		t.Fatal(err)
	}
}

func run(e *cmdtest.Env, args ...string) error {
	e.Reset()
	cmd := NewCmdDeliver(e.F, nil)
	cmd.SetArgs(args)
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

func TestDeliverFlags(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	var got *Options
	cmd := NewCmdDeliver(e.F, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--session", "S1", "--name", "李四", "--mobile", "13700137000", "--province", "44", "--city", "4403",
		"--town", "440304", "--address", "深圳市福田区福华一路1号", "-f", "answers.yaml", "--set", "addresseeName=王五", "--set", "deliverInfo.addresseeTown=440304"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"addresseeName": "李四", "addresseeMobile": "13700137000", "addresseeProvince": "44",
		"addresseeCity": "4403", "addresseeTown": "440304", "addresseeDetails": "深圳市福田区福华一路1号"}
	for k, v := range want {
		if p := got.Flags[k]; p == nil || *p != v {
			t.Errorf("%s: %v, want %q", k, p, v)
		}
	}
	if got.Session != "S1" || got.File != "answers.yaml" || !slices.Equal(got.Sets, []string{"addresseeName=王五", "deliverInfo.addresseeTown=440304"}) {
		t.Errorf("options %+v", got)
	}

	cmd = NewCmdDeliver(e.F, func(*Options) error { t.Error("ran with an argument"); return nil })
	cmd.SetArgs([]string{"S1"})
	cmd.SetOut(e.ErrOut)
	cmd.SetErr(e.ErrOut)
	if err := cmd.Execute(); cmdutil.ExitCode(err) != failure.ExitUsage {
		t.Errorf("an argument: exit %d %v", cmdutil.ExitCode(err), err)
	}
	if len(e.Received()) != 0 {
		t.Errorf("parsing sent %v", e.ReceivedPaths())
	}
}

// In a pipe the given fields change, the others keep the session's
// values; the platform records the new address and stdout is JSON.
func TestDeliverInAPipeChangesTheAddress(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	if err := run(e, "--session", id, "--name", "李四", "--mobile", "13700137000", "--address", "广州市越秀区中山五路2号"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"addresseeName": "李四", "addresseeMobile": "13700137000", "addresseeProvince": "44",
		"addresseeCity": "4401", "addresseeTown": "440106", "addresseeDetails": "广州市越秀区中山五路2号"}
	var out map[string]string
	if err := json.Unmarshal(e.Out.Bytes(), &out); err != nil {
		t.Fatalf("stdout is not JSON: %s", e.Out)
	}
	if out["sessionId"] != id || out["step"] != "135" {
		t.Errorf("stdout %v", out)
	}
	p := platform(t, e, id)
	for k, v := range want {
		if out[k] != v || p.Data[k] != v || local(t, e, id).Input(k) != v {
			t.Errorf("%s: printed %q, platform %q, session %q; want %q", k, out[k], p.Data[k], local(t, e, id).Input(k), v)
		}
	}
	if p.Step != "135" || len(e.Received()) != 1 || e.ErrOut.Len() != 0 {
		t.Errorf("platform at %s; sent %v; stderr %q", p.Step, e.ReceivedPaths(), e.ErrOut)
	}
}

// Answers may come from a file on stdin (-f -), the delivery group of
// one or bare keys.
func TestDeliverTakesAnswersFromAFile(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	e.In.WriteString("deliverInfo:\n  addresseeName: 王五\naddresseeMobile: \"13912345678\"\n")
	if err := run(e, "--session", id, "-f", "-"); err != nil {
		t.Fatal(err)
	}
	if p := platform(t, e, id); p.Data["addresseeName"] != "王五" || p.Data["addresseeMobile"] != "13912345678" || p.Data["addresseeTown"] != "440106" {
		t.Errorf("platform holds %q, %q, %q", p.Data["addresseeName"], p.Data["addresseeMobile"], p.Data["addresseeTown"])
	}
}

// On a terminal, with every field known, nothing is asked: the change is
// sent, the step told on stderr and the address shown as a table.
func TestDeliverOnATerminalShowsTheNewAddress(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	id := underwritten(t, e)
	if err := run(e, "--session", id, "--town", "440104"); err != nil {
		t.Fatal(err)
	}
	out := e.Out.String()
	for _, want := range []string{"session:", id, "收件人姓名:", "张三", "区县:", "440104", "收件地址:", "广州市天河区体育西路1号"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q not in\n%s", want, out)
		}
	}
	if json.Valid(e.Out.Bytes()) {
		t.Error("JSON on a terminal")
	}
	if !strings.Contains(e.ErrOut.String(), "135 change delivery") {
		t.Errorf("stderr %q", e.ErrOut)
	}
	if len(e.Prompts.Asked) != 0 {
		t.Errorf("asked %q", e.Prompts.Asked)
	}
	if p := platform(t, e, id); p.Step != "135" || p.Data["addresseeTown"] != "440104" {
		t.Errorf("platform at %s holds town %q", p.Step, p.Data["addresseeTown"])
	}
}

// A field the session does not know and nobody gave is exit 2 in a
// script, listing each; nothing is sent.
func TestDeliverInAPipeListsEveryFieldStillNeeded(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	id := underwritten(t, e)
	forget(t, e, id, "addresseeTown", "addresseeDetails")
	err := run(e, "--session", id, "--name", "李四")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != failure.ExitUsage || !errors.As(err, &fe) {
		t.Fatalf("exit %d %v", cmdutil.ExitCode(err), err)
	}
	var named []string
	for _, f := range fe.Fields {
		named = append(named, f.Field)
	}
	if !slices.Equal(named, []string{"deliverInfo.addresseeTown", "deliverInfo.addresseeDetails"}) {
		t.Errorf("fields %q", named)
	}
	if len(e.Received()) != 0 || e.Out.Len() != 0 {
		t.Errorf("sent %v; stdout %q", e.ReceivedPaths(), e.Out)
	}
	if p := platform(t, e, id); p.Step != "125" || p.Data["addresseeName"] != "张三" {
		t.Errorf("platform at %s holds %q", p.Step, p.Data["addresseeName"])
	}
}

// On a terminal those fields are asked: the region as province, city and
// district picked level by level from the look-up, the rest typed.
func TestDeliverOnATerminalAsksForFieldsStillNeeded(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	id := underwritten(t, e)
	forget(t, e, id, "addresseeProvince", "addresseeCity", "addresseeTown", "addresseeDetails")
	e.Prompts.Answers = map[string]any{
		"省份 (addresseeProvince)":  "广东",
		"城市 (addresseeCity)":      "深圳",
		"区县 (addresseeTown)":      "福田",
		"收件地址 (addresseeDetails)": "深圳市福田区福华一路1号",
	}
	if err := run(e, "--session", id); err != nil {
		t.Fatal(err)
	}
	if want := []string{"省份 (addresseeProvince)", "城市 (addresseeCity)", "区县 (addresseeTown)", "收件地址 (addresseeDetails)"}; !slices.Equal(e.Prompts.Asked, want) {
		t.Errorf("asked %q", e.Prompts.Asked)
	}
	p := platform(t, e, id)
	if p.Data["addresseeProvince"] != "44" || p.Data["addresseeCity"] != "4403" || p.Data["addresseeTown"] != "440304" ||
		p.Data["addresseeDetails"] != "深圳市福田区福华一路1号" || p.Data["addresseeName"] != "张三" {
		t.Errorf("platform holds %q %q %q %q", p.Data["addresseeProvince"], p.Data["addresseeCity"], p.Data["addresseeTown"], p.Data["addresseeDetails"])
	}
	if !strings.Contains(e.Out.String(), "440304") {
		t.Errorf("stdout %q", e.Out)
	}
}
