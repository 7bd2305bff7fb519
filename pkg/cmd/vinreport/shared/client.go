// Package shared builds the Paoding client for the token and vin-report
// commands from the profile, the HTTP client and the store.
package shared

import (
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// Deps are what a Paoding command needs from the Factory.
type Deps struct {
	F *cmdutil.Factory
}

// Client returns a Paoding client for the selected profile. Missing
// settings are a usage error naming each one and its environment variable.
func Client(f *cmdutil.Factory) (*paoding.Client, *config.Profile, error) {
	p, err := f.Profile()
	if err != nil {
		return nil, nil, err
	}
	var missing []failure.FieldError
	get := func(key string) string { return p.Setting(paoding.Provider, key, true, &missing) }
	endpoint, user, pass := get("endpoint"), get("username"), get("password")
	if len(missing) > 0 {
		e := failure.Invalid(paoding.Provider, "", missing...)
		e.Message = "the profile lacks Paoding settings; nothing was sent"
		return nil, nil, e
	}
	httpClient, err := f.HttpClient()
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Store()
	if err != nil {
		return nil, nil, err
	}
	return paoding.New(paoding.Config{
		BaseURL:    endpoint,
		Username:   user,
		Password:   pass,
		APIVersion: p.Value(paoding.Provider, "api-version"),
		HTTP:       httpClient,
		Tokens:     st.TokenCache(p.Name, paoding.Provider),
		Now:        f.Now,
	}), p, nil
}
