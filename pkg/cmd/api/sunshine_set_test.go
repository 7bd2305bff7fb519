package api

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/sunshine"
)

// twoDrivers is a 105 description with two groups of one type, as the
// priced 105 answer of the manual asks for two named drivers.
const twoDrivers = `transaction: "105"
inputsList:
  - type: vehicleInfo
    inputs:
      - {name: seats, value: "5"}
  - type: driverInfo
    inputs:
      - {name: driverName, value: 张三}
  - type: driverInfo
    inputs:
      - {name: driverName, value: 李四}
`

// dryRunInputs runs `api sunshine 105 -f - --session S --dry-run` with
// desc on stdin and returns the input groups of the document that would be
// sent. -o raw keeps the dry run's text form, with the bytes as sent (GBK).
func dryRunInputs(t *testing.T, e *cmdtest.Env, desc string, sets ...string) ([]sunshine.Inputs, error) {
	t.Helper()
	e.Reset()
	e.In.Reset()
	e.In.WriteString(desc)
	e.F.Globals.DryRun, e.F.Globals.Output = true, "raw"
	defer func() { e.F.Globals.DryRun, e.F.Globals.Output = false, "" }()
	args := []string{"sunshine", "105", "-f", "-", "--session", "20260302100000000001"}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	// A dry run ends in an error that exits 0: nothing was sent.
	if err := run(e, args...); cmdutil.ExitCode(err) != 0 {
		return nil, err
	}
	out := e.Out.Bytes()
	i := bytes.Index(out, []byte("<?xml"))
	if i < 0 {
		t.Fatalf("no document in the dry run:\n%s", out)
	}
	env, err := sunshine.ParseEnvelope(out[i:])
	if err != nil || len(env.Packages) != 1 || env.Packages[0].Request == nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return env.Packages[0].Request.InputsList, nil
}

func group(typ string, kv ...string) sunshine.Inputs {
	g := sunshine.Inputs{Type: typ, Inputs: []sunshine.Input{}}
	for i := 0; i+1 < len(kv); i += 2 {
		g.Inputs = append(g.Inputs, sunshine.Input{Name: kv[i], Value: kv[i+1]})
	}
	return g
}

// --set GROUP[N].KEY=VALUE reaches the N-th group of a type, as in the
// guided commands; an index past the file's groups adds groups of that
// type after its last one, empty ones holding the places between.
func TestSunshineSetIndexedGroup(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	got, err := dryRunInputs(t, e, twoDrivers,
		"driverInfo[1].driverName=王五", "driverInfo[0].driverNum=440106198001011234",
		"driverInfo[3].driverName=赵六", "seats=7", "vehicleInfo.specialCarFlag=0")
	if err != nil {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	want := []sunshine.Inputs{
		group("vehicleInfo", "seats", "7", "specialCarFlag", "0"),
		group("driverInfo", "driverName", "张三", "driverNum", "440106198001011234"),
		group("driverInfo", "driverName", "王五"),
		group("driverInfo"),
		group("driverInfo", "driverName", "赵六"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sent\n%+v\nwant\n%+v", got, want)
	}

	// With one group of the type, GROUP[0], GROUP and no group at all are
	// the same input, and GROUP[1] adds a second group after the first.
	one := "transaction: \"105\"\ninputsList:\n  - type: driverInfo\n    inputs:\n      - {name: driverName, value: 张三}\n  - type: vehicleInfo\n    inputs:\n      - {name: seats, value: \"5\"}\n"
	for _, set := range []string{"driverInfo[0].driverName=王五", "driverInfo.driverName=王五", "driverName=王五"} {
		got, err := dryRunInputs(t, e, one, set, "driverInfo[1].driverName=赵六")
		if err != nil {
			t.Fatalf("%s: exit %d: %v", set, cmdutil.ExitCode(err), err)
		}
		want := []sunshine.Inputs{group("driverInfo", "driverName", "王五"), group("driverInfo", "driverName", "赵六"), group("vehicleInfo", "seats", "5")}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: sent\n%+v\nwant\n%+v", set, got, want)
		}
	}
}

// An unindexed --set that could be meant for any of several groups of one
// type is exit 2, naming each such answer with an indexed example, and
// nothing is sent; a malformed index is exit 2 too.
func TestSunshineSetAmbiguousOrBadIndexIsRefused(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, tc := range []struct {
		sets []string
		want []string
	}{
		{[]string{"driverInfo.driverNum=1", "driverName=王五"}, []string{
			"driverInfo.driverNum: the request has 2 driverInfo groups; say which one, counting from 0 (for example --set driverInfo[0].driverNum=1)",
			"driverName: the request has 2 driverInfo groups; say which one, counting from 0 (for example --set driverInfo[0].driverName=王五)"}},
		{[]string{"driverInfo[x].driverName=a", "[1].driverName=a", "driverInfo.driverName[1]=a"}, []string{
			"--set driverInfo[x].driverName=a: the group index is a whole number in brackets",
			"--set [1].driverName=a: an index needs its group",
			"--set driverInfo.driverName[1]=a: an index belongs to the group"}},
	} {
		e.Reset()
		e.In.Reset()
		e.In.WriteString(twoDrivers)
		args := []string{"sunshine", "105", "-f", "-", "--session", "20260302100000000002"}
		for _, s := range tc.sets {
			args = append(args, "--set", s)
		}
		err := run(e, args...)
		if cmdutil.ExitCode(err) != 2 {
			t.Fatalf("%v: exit %d: %v", tc.sets, cmdutil.ExitCode(err), err)
		}
		for _, w := range append(tc.want, "sunshine txn.105", "nothing was sent") {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %q does not say %q", tc.sets, err, w)
			}
		}
		if len(e.Received()) != 0 {
			t.Errorf("%v: sent %v", tc.sets, e.ReceivedPaths())
		}
	}
}
