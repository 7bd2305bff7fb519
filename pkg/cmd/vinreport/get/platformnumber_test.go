package get

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/buy"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// Support pastes the platform's number of an order (from a notification
// or a customer) where the order id goes: Paoding answers 30080, and the
// hint now names the order that number belongs to, from the journal.
func TestThePlatformsNumberOfAnOrderNamesTheOrder(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	cmd := buy.NewCmdBuy(e.F, nil)
	cmd.SetArgs([]string{"--vin", "LSVAU2180N2183401", "--brand-factory", "20", "--order-id", "ORD-A"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	var bought struct{ PlatformOrderNum string }
	if err := json.Unmarshal(e.Out.Bytes(), &bought); err != nil || bought.PlatformOrderNum == "" {
		t.Fatalf("%v: %s", err, e.Out)
	}
	e.Reset()
	err := runGet(e, bought.PlatformOrderNum)
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 4 || !errors.As(err, &fe) || fe.Code != "30080" {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(fe.Hint, "platform's number of order ORD-A") || !strings.Contains(fe.Hint, "vin-report get ORD-A") {
		t.Errorf("hint %q", fe.Hint)
	}
	// A number the journal does not know keeps the usual hint.
	e.Reset()
	err = runGet(e, "NOPE-1")
	if !errors.As(err, &fe) || strings.Contains(fe.Hint, "platform's number") {
		t.Errorf("NOPE-1: %v (hint %q)", err, fe.Hint)
	}
}
