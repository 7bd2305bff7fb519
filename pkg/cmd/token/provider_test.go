package token

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// eBao and Sunshine sign every request and log in for nothing: each token
// command says so, with a provider that does have a token as the example,
// and sends nothing.
func TestTokenCommandsExplainWhyAProviderHasNoToken(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for _, verb := range []string{"get", "refresh", "show", "clear"} {
		for _, tc := range []struct {
			provider string
			says     []string
		}{
			{"ebao", []string{`--provider "ebao"`, "eBao Cloud signs each request", "holds no token", "one of paoding, bihu", "for example --provider paoding"}},
			{"sunshine", []string{`--provider "sunshine"`, "signs each request", "holds no token", "for example --provider paoding"}},
			{"paodng", []string{`--provider "paodng" is not a provider`, "did you mean paoding?", "for example --provider paoding"}},
		} {
			e.Reset()
			err := run(e, verb, "--provider", tc.provider)
			if code := cmdutil.ExitCode(err); code != 2 {
				t.Fatalf("token %s --provider %s: exit %d: %v", verb, tc.provider, code, err)
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("token %s --provider %s: %q does not say %q", verb, tc.provider, err.Error(), s)
				}
			}
			if len(e.Received()) != 0 {
				t.Errorf("token %s --provider %s sent %v", verb, tc.provider, e.ReceivedPaths())
			}
		}
	}
}
