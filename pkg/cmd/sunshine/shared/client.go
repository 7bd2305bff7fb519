// Package shared is the Sunshine (阳光车险) flow engine behind `insure
// sunshine ...`, `insure api sunshine` and `insure quote|issue --provider
// sunshine`: the client built from the profile, purchase sessions kept in
// the store, form answering (prompts on a terminal, --set in scripts) and
// GBK-aware printing.
package shared

import (
	"crypto/rsa"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// Client returns a Sunshine client for the selected profile. Missing or
// unreadable settings are one usage error naming each field and its
// environment variable; nothing is sent.
func Client(f *cmdutil.Factory) (*sunshine.Client, *config.Profile, error) {
	p, err := f.Profile()
	if err != nil {
		return nil, nil, err
	}
	k, bad := readKeys(p, true)
	if len(bad) > 0 {
		e := failure.Invalid(sunshine.Provider, "", bad...)
		e.Message = "the profile lacks Sunshine settings; nothing was sent"
		return nil, nil, e
	}
	httpClient, err := f.HttpClient()
	if err != nil {
		return nil, nil, err
	}
	return sunshine.New(sunshine.Config{
		BaseURL: k.Endpoint, SellerID: k.SellerID, AgentCode: k.AgentCode, InsureType: p.Value(sunshine.Provider, "insure-type"),
		PrivateKey: k.Private, PlatformPublicKey: k.Public, HTTP: httpClient, Now: f.Now,
	}), p, nil
}

// Keys are the profile's Sunshine settings, keys parsed.
type Keys struct {
	Endpoint, SellerID, AgentCode string
	Private                       *rsa.PrivateKey
	Public                        *rsa.PublicKey
}

// ReadKeys reads the signing settings of p without needing an endpoint
// (for `insure sign sunshine`). Only the keys are required.
func ReadKeys(p *config.Profile, needPrivate, needPublic bool) (*Keys, []failure.FieldError) {
	k, bad := readKeys(p, false)
	var out []failure.FieldError
	for _, b := range bad {
		if (b.Field == "sunshine.private-key" && !needPrivate) || (b.Field == "sunshine.platform-public-key" && !needPublic) {
			continue
		}
		out = append(out, b)
	}
	return k, out
}

func readKeys(p *config.Profile, forSending bool) (*Keys, []failure.FieldError) {
	var bad []failure.FieldError
	get := func(key string, required bool) string { return p.Setting(sunshine.Provider, key, required, &bad) }
	k := &Keys{Endpoint: get("endpoint", forSending), SellerID: get("seller-id", forSending), AgentCode: get("agent-code", forSending)}
	if v := get("private-key", true); v != "" {
		key, err := sunshine.ReadPrivateKey(v)
		if err != nil {
			// The error names the file or says the text is not a key; it
			// never quotes the key.
			bad = append(bad, failure.FieldError{Field: "sunshine.private-key", Rule: "cannot be read: " + keyErr(err, v),
				Example: "a PEM file path, or " + config.EnvName(sunshine.Provider, "private-key")})
		}
		k.Private = key
	}
	if v := get("platform-public-key", true); v != "" {
		key, err := sunshine.ReadPublicKey(v)
		if err != nil {
			bad = append(bad, failure.FieldError{Field: "sunshine.platform-public-key", Rule: "cannot be read: " + keyErr(err, v)})
		}
		k.Public = key
	}
	return k, bad
}

// keyErr describes a key error without echoing the value when it is key
// material rather than a path.
func keyErr(err error, v string) string {
	msg := err.Error()
	if len(v) > 100 || strings.Contains(v, "-----BEGIN") {
		msg = strings.ReplaceAll(msg, v, "(the configured value)")
	}
	if strings.Contains(v, "-----BEGIN") {
		return "the PEM text is not a usable RSA key: " + msg
	}
	return msg
}
