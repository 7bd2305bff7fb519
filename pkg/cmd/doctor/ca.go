package doctor

import (
	"crypto/x509"
	"errors"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// trustedCAs loads the CA file every request of the profile trusts
// besides the system roots (--cacert, else the profile's defaults.cacert),
// so the endpoint checks trust what the commands trust. With no file the
// roots are nil (the system's) and there is no check line; a file that
// cannot be used fails one check naming the setting, and ok is false:
// no request can be built until it is fixed.
func trustedCAs(opts *Options, p *config.Profile) (roots *x509.CertPool, c *Check, ok bool) {
	file, setting, source := opts.CACert, "--cacert", ""
	if file == "" {
		file, source, _ = p.Get(config.DefaultsSection, "cacert")
		setting = config.DefaultsSection + ".cacert"
	}
	if file == "" {
		return nil, nil, true
	}
	roots, err := httpx.LoadCAs(file)
	if err != nil {
		c := &Check{Name: "CA file", Status: "fail", Setting: setting, Source: source, Detail: err.Error(), kind: failure.Usage}
		var fe *failure.Error
		if errors.As(err, &fe) {
			c.Detail, c.Hint, c.kind = fe.Message, fe.Hint, fe.Kind
		}
		return nil, c, false
	}
	return roots, &Check{Name: "CA file", Status: "pass", Setting: setting, Source: source,
		Detail: file + " is trusted besides the system roots"}, true
}
