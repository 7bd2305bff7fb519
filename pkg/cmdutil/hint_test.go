package cmdutil

import (
	"errors"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

func TestHintCarriesGlobalFlags(t *testing.T) {
	f := &Factory{Globals: &GlobalOptions{}}
	f.Globals.Profile = "sandbox"
	f.Globals.ConfigPath = "/tmp/my config.yaml"
	if got, want := Hint(f, "vin-report get", "TT-1", "--wait"), "insure -p sandbox --config '/tmp/my config.yaml' vin-report get TT-1 --wait"; got != want {
		t.Errorf("Hint = %q, want %q", got, want)
	}
	if got, want := Hinter(nil).Command("sunshine sessions"), "insure sunshine sessions"; got != want {
		t.Errorf("nil Hinter = %q, want %q", got, want)
	}
}

func TestRewriteHintsAddsProfileToProviderHints(t *testing.T) {
	f := &Factory{Globals: &GlobalOptions{}}
	f.Globals.Profile = "sandbox"
	err := &failure.Error{Kind: failure.Refused, Message: "x",
		Hint: "run `insure token get` to generate one; compare with `insure sign bihu renew`; see `insure -p prod history list`"}
	RewriteHints(f, err)
	var fe *failure.Error
	errors.As(err, &fe)
	want := "run `insure -p sandbox token get` to generate one; compare with `insure sign bihu renew`; see `insure -p prod history list`"
	if fe.Hint != want {
		t.Errorf("hint\n got %q\nwant %q", fe.Hint, want)
	}
}
