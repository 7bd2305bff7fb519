package sunshine

import (
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/insurekit/insure/pkg/pemtext"
)

// SignRequest signs canonical bytes (see CanonicalElement) the way the
// platform's Java code does with "MD5withRSA": RSA PKCS#1 v1.5 over an MD5
// digest. The result is URL-safe base64 without padding: 171 characters
// for the 1024-bit keys partners are issued. The same function signs the
// sandbox's responses with the platform key.
func SignRequest(canonicalGBK []byte, key *rsa.PrivateKey) (string, error) {
	if key == nil {
		return "", errors.New("no private key to sign with")
	}
	digest := md5.Sum(canonicalGBK)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.MD5, digest[:])
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sig), nil
}

// ErrBadSignature is returned (wrapped) when a signature does not match.
var ErrBadSignature = errors.New("signature does not match")

// VerifySignature checks a signature made by SignRequest. It also accepts
// padded and standard-alphabet base64 and ignores line breaks, because a
// Java peer may encode either way and the manual's own examples wrap.
func VerifySignature(canonicalGBK []byte, sig string, pub *rsa.PublicKey) error {
	if pub == nil {
		return errors.New("no public key to verify with")
	}
	raw, err := decodeSignature(sig)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	digest := md5.Sum(canonicalGBK)
	if err := rsa.VerifyPKCS1v15(pub, crypto.MD5, digest[:], raw); err != nil {
		return ErrBadSignature
	}
	return nil
}

func decodeSignature(sig string) ([]byte, error) {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '=' {
			return -1
		}
		return r
	}, sig)
	if s == "" {
		return nil, errors.New("empty signature")
	}
	if strings.ContainsAny(s, "+/") {
		return base64.RawStdEncoding.DecodeString(s)
	}
	return base64.RawURLEncoding.DecodeString(s)
}

// ParsePrivateKeyPEM reads a partner private key: PKCS#8 ("PRIVATE KEY")
// or PKCS#1 ("RSA PRIVATE KEY") PEM, or the bare base64 PKCS#8 string Java
// tooling often hands out.
func ParsePrivateKeyPEM(b []byte) (*rsa.PrivateKey, error) {
	der, err := pemOrBase64(b)
	if err != nil {
		return nil, err
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("private key is %T, not RSA", k)
		}
		return rk, nil
	}
	k, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil, errors.New("not an RSA private key in PKCS#8 or PKCS#1 form")
	}
	return k, nil
}

// ParsePublicKeyPEM reads a public key: X.509 SubjectPublicKeyInfo
// ("PUBLIC KEY"), PKCS#1 ("RSA PUBLIC KEY"), a certificate, or bare base64.
func ParsePublicKeyPEM(b []byte) (*rsa.PublicKey, error) {
	der, err := pemOrBase64(b)
	if err != nil {
		return nil, err
	}
	if k, err := x509.ParsePKIXPublicKey(der); err == nil {
		rk, ok := k.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("public key is %T, not RSA", k)
		}
		return rk, nil
	}
	if k, err := x509.ParsePKCS1PublicKey(der); err == nil {
		return k, nil
	}
	if c, err := x509.ParseCertificate(der); err == nil {
		if rk, ok := c.PublicKey.(*rsa.PublicKey); ok {
			return rk, nil
		}
	}
	return nil, errors.New("not an RSA public key (PKIX, PKCS#1 or certificate)")
}

// ReadPrivateKey takes a profile value that is either the key text itself
// (it contains "-----BEGIN") or the path of a file holding it.
func ReadPrivateKey(pathOrPEM string) (*rsa.PrivateKey, error) {
	b, err := keyText(pathOrPEM)
	if err != nil {
		return nil, err
	}
	return ParsePrivateKeyPEM(b)
}

// ReadPublicKey is ReadPrivateKey for public keys.
func ReadPublicKey(pathOrPEM string) (*rsa.PublicKey, error) {
	b, err := keyText(pathOrPEM)
	if err != nil {
		return nil, err
	}
	return ParsePublicKeyPEM(b)
}

func keyText(pathOrPEM string) ([]byte, error) {
	if strings.Contains(pathOrPEM, "-----BEGIN") || looksLikeBase64DER(pathOrPEM) {
		return []byte(pathOrPEM), nil
	}
	return os.ReadFile(pathOrPEM)
}

// looksLikeBase64DER recognises a bare base64 key (what Java tooling hands
// out) in a profile value, which would otherwise be taken for a path: no
// path is hundreds of base64 characters long.
func looksLikeBase64DER(v string) bool {
	s := strings.Join(strings.Fields(v), "")
	if len(s) < 200 {
		return false
	}
	_, err := base64.StdEncoding.DecodeString(s)
	return err == nil
}

func pemOrBase64(b []byte) ([]byte, error) {
	if blk, _ := pem.Decode(b); blk != nil {
		return blk.Bytes, nil
	}
	// PEM whose line breaks were lost (INSURE_SUNSHINE_PRIVATE_KEY set
	// from a CI variable with literal \n, or pasted on one line).
	if blk, _ := pem.Decode([]byte(pemtext.Normalize(string(b)))); blk != nil {
		return blk.Bytes, nil
	}
	s := strings.Join(strings.Fields(string(b)), "")
	if s == "" {
		return nil, errors.New("empty key")
	}
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("key is neither PEM nor base64 DER")
	}
	return der, nil
}

// GenerateKeyPair makes a key pair for a partner or a test platform: a
// PKCS#8 private key and an X.509 public key, both PEM. The platform
// issues 1024-bit keys; pass bits 0 for that.
func GenerateKeyPair(bits int) (privPEM, pubPEM []byte, err error) {
	if bits == 0 {
		bits = 1024
	}
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), nil
}
