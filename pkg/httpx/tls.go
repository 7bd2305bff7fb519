package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/insurekit/insure/pkg/failure"
)

// MinTLSVersion is the oldest TLS insure speaks. Certificate verification
// is always on: there is no option to turn it off; a partner's test CA is
// trusted with --cacert or the profile's defaults.cacert instead.
const MinTLSVersion = tls.VersionTLS12

// tlsConfig is the TLS configuration of every connection insure opens:
// TLS 1.2 or newer, the certificate checked against roots (nil: the
// system's, which SSL_CERT_FILE and SSL_CERT_DIR change).
func tlsConfig(roots *x509.CertPool) *tls.Config {
	return &tls.Config{MinVersion: MinTLSVersion, RootCAs: roots}
}

// LoadCAs returns the system roots plus the certificates of every PEM file
// given (a partner's test CA), or nil with no file. A file that cannot be
// read or holds no PEM certificate is a usage error (exit 2) naming it:
// nothing is sent.
func LoadCAs(files ...string) (*x509.CertPool, error) {
	var named []string
	for _, f := range files {
		if f != "" {
			named = append(named, f)
		}
	}
	if len(named) == 0 {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for _, f := range named {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, caError(f, fmt.Sprintf("cannot read the CA file %s: %s", f, pathErrText(err)))
		}
		if !appendPEM(pool, b) {
			return nil, caError(f, fmt.Sprintf("the CA file %s holds no PEM certificate", f))
		}
	}
	return pool, nil
}

func caError(file, msg string) *failure.Error {
	return &failure.Error{Kind: failure.Usage, Message: msg + "; nothing was sent",
		Hint: "give --cacert (or the profile's defaults.cacert) a readable PEM file with the partner's CA certificate(s)"}
}

func pathErrText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// appendPEM adds every CERTIFICATE block of b and reports whether there was
// at least one that parsed.
func appendPEM(pool *x509.CertPool, b []byte) bool {
	ok := false
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return ok
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			continue
		}
		pool.AddCert(c)
		ok = true
	}
}

// IsCertificateError reports whether err is a failed verification of the
// server's certificate (unknown authority, wrong host name, expired).
func IsCertificateError(err error) bool {
	var (
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		ci  x509.CertificateInvalidError
		cve *tls.CertificateVerificationError
	)
	return errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) || errors.As(err, &cve)
}

// certificateMessage explains a certificate failure for the error text.
func certificateMessage(err error) (msg, hint string) {
	var he x509.HostnameError
	switch {
	case errors.As(err, &he):
		msg = "the server's TLS certificate is not trusted: it is not valid for this host name"
		hint = "check the profile's endpoint host name"
	default:
		msg = "the server's TLS certificate is not trusted"
		hint = "if the partner's test server uses its own CA, trust it with --cacert FILE or the profile's defaults.cacert (SSL_CERT_FILE and SSL_CERT_DIR replace the system roots; see `insure help environment`)"
	}
	return msg, hint
}
