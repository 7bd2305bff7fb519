package shared

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/ebao"
)

// EbaoClient returns an eBao client for the selected profile. Missing
// settings are a usage error naming each one and its environment variable,
// so a CI job learns every variable it lacks in one run.
func EbaoClient(f *cmdutil.Factory) (*ebao.Client, *config.Profile, error) {
	p, err := f.Profile()
	if err != nil {
		return nil, nil, err
	}
	var bad []failure.FieldError
	get := func(key string, required bool) string { return p.Setting(ebao.Provider, key, required, &bad) }
	endpoint, access, secret := get("endpoint", true), get("access-key", true), get("secret-key", true)
	header := get("response-signature-header", false)
	require := false
	if s := get("require-response-signature", false); s != "" {
		if require, err = strconv.ParseBool(s); err != nil {
			bad = append(bad, failure.FieldError{Field: "ebao.require-response-signature", Rule: fmt.Sprintf("must be true or false (got %q)", s), Example: "false"})
		}
	}
	if len(bad) > 0 {
		e := failure.Invalid(ebao.Provider, "", bad...)
		e.Message = "the profile lacks eBao settings; nothing was sent"
		return nil, nil, e
	}
	httpClient, err := f.HttpClient()
	if err != nil {
		return nil, nil, err
	}
	return ebao.New(ebao.Config{BaseURL: endpoint, AccessKey: access, SecretKey: secret, HTTP: httpClient,
		SignatureHeader: header, RequireResponseSignature: require}), p, nil
}

// ShowUntrusted handles an answer that failed verification (exit 6). Its
// body is never printed as a result; only -o raw, which promises the bytes
// as received, shows them, with a warning on stderr saying they are not
// to be trusted. err is returned unchanged.
func ShowUntrusted(ios *iostreams.IOStreams, oo output.Options, err error) error {
	var u *ebao.UnverifiedResponse
	if failure.KindOf(err) != failure.Verification || !errors.As(err, &u) || oo.Format != "raw" || oo.JQ != "" || oo.Template != "" || len(u.Raw) == 0 {
		return err
	}
	fmt.Fprintf(ios.ErrOut, "%s UNVERIFIED: the body on stdout failed verification (%s); do not act on it\n",
		ios.ErrColorScheme().WarningIcon(), u.Reason)
	_, _ = ios.Out.Write(u.Raw)
	if u.Raw[len(u.Raw)-1] != '\n' {
		_, _ = ios.Out.Write([]byte("\n"))
	}
	return err
}

// Warn prints the client's warnings (an unsigned answer) on stderr.
func Warn(ios *iostreams.IOStreams, op string, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(ios.ErrOut, "%s ebao %s: %s\n", ios.ErrColorScheme().WarningIcon(), op, w)
	}
}
