package find_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// A plate written with a hyphen or a full stop between its letter and
// its digits (粤B-12345, 粤B.12345, as customers write it in e-mails and
// forms) is the plate the journal keys as 粤B12345. find found nothing
// (exit 2) and offered nothing near.
func TestFindMatchesAPlateWrittenWithAHyphen(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "renew", "--provider", "bihu", "--plate", "京J97896")
	for _, typed := range []string{"京J-97896", "京j-97896", "京J.97896", "京J－97896", "京J - 97896"} {
		var s struct {
			Key   string
			Steps []struct{ Operation string }
		}
		out := run(t, e, "find", typed)
		if err := json.Unmarshal([]byte(out), &s); err != nil || s.Key != "京J97896" || len(s.Steps) != 1 {
			t.Errorf("find %q: %v %s", typed, err, out)
		}
		if !strings.Contains(e.ErrOut.String(), `showing what is keyed "京J97896"`) {
			t.Errorf("find %q: stderr does not name the key used: %q", typed, e.ErrOut.String())
		}
	}
	// An order id keeps its hyphen: SUP-1 is not SUP1.
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP1", "--yes")
	if err := findErr(e, "SUP-1"); cmdutil.ExitCode(err) != 2 {
		t.Errorf("find SUP-1 found SUP1: exit %d: %v", cmdutil.ExitCode(err), err)
	}
}

// A mobile given in international form (+86 138 0000 0000, 0086…) or with
// hyphens was repeated in clear in the error, and the hint said to type a
// whole identifier instead of saying that mobiles are not keys.
func TestFindDoesNotRepeatAMobileInInternationalForm(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao",
		Operation: "quotation", Method: "POST", URL: "http://x/quotations", Status: 200, Keys: map[string]string{"quotationNumber": "Q1"}}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"+8613800000000", "+86 138 0000 0000", "008613800000000", "138-0000-0000", "+86-138-0000-0000"} {
		err := findErr(e, key)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
			t.Fatalf("%s: exit %d: %v", key, cmdutil.ExitCode(err), err)
		}
		all := err.Error() + fe.Hint + e.Out.String() + e.ErrOut.String()
		if strings.Contains(all, "0000 0000") || strings.Contains(all, "13800000000") || strings.Contains(all, "0000-0000") {
			t.Errorf("%s: the mobile is repeated:\n%s", key, all)
		}
		if !strings.Contains(fe.Hint, "mobile number is not recorded") || !strings.Contains(err.Error(), "138******00") {
			t.Errorf("%s: not recognised as a mobile:\n%s", key, all)
		}
	}
}

// An e-mail address is not a key; find said so only for mobiles, and
// repeated the address upper-cased (Z***@EXAMPLE.COM) in its error.
func TestFindSaysAnEmailIsNotAKey(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if _, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "sandbox", Provider: "ebao",
		Operation: "quotation", Method: "POST", URL: "http://x/quotations", Status: 200, Keys: map[string]string{"quotationNumber": "Q1"}}); err != nil {
		t.Fatal(err)
	}
	err := findErr(e, "zhang.san@example.com")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	if !strings.Contains(err.Error(), `"z***@example.com"`) || !strings.Contains(fe.Hint, "an e-mail address is not recorded as a key") {
		t.Errorf("error %q, hint %q", err, fe.Hint)
	}
}

// An order id typed without its hyphen (SUP1 for SUP-1) is not found, as
// keys match whole, but is suggested: the suggestions only took
// identifiers containing the text as typed.
func TestFindSuggestsAnIdentifierTypedWithoutItsSeparator(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	run(t, e, "vin-report", "buy", "--vin", "LSVAU2180N2183294", "--brand-factory", "20", "--order-id", "SUP-17", "--yes")
	err := findErr(e, "sup17")
	var fe *failure.Error
	if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || !strings.Contains(fe.Hint, "SUP-17") {
		t.Errorf("exit %d: %v (%+v)", cmdutil.ExitCode(err), err, fe)
	}
}
