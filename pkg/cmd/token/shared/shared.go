// Package shared connects the token commands to the providers that log in
// with tokens (paoding, bihu).
package shared

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/tokencache"
)

// Providers that have tokens.
var Providers = []string{"paoding", "bihu"}

// Source obtains tokens for one provider.
type Source struct {
	Provider string
	Profile  string
	// Get logs in afresh; Refresh extends the current login.
	Get     func(ctx context.Context) (*tokencache.Token, error)
	Refresh func(ctx context.Context) (*tokencache.Token, error)
}

// SourceFor builds the Source of a provider.
func SourceFor(f *cmdutil.Factory, provider string) (*Source, error) {
	switch provider {
	case "paoding":
		c, p, err := f.Paoding()
		if err != nil {
			return nil, err
		}
		return &Source{Provider: provider, Profile: p.Name, Get: c.GenerateToken, Refresh: c.RefreshToken}, nil
	case "bihu":
		c, p, err := f.Bihu()
		if err != nil {
			return nil, err
		}
		// Bihu has no refresh token: a new session is a new login.
		return &Source{Provider: provider, Profile: p.Name, Get: c.Login, Refresh: c.Login}, nil
	}
	return nil, cmdutil.FlagErrorf("--provider must be one of %s (got %q)", strings.Join(Providers, ", "), provider)
}

// ValidateProvider checks --provider before anything runs.
func ValidateProvider(p string) error {
	for _, k := range Providers {
		if k == p {
			return nil
		}
	}
	return cmdutil.FlagErrorf("--provider must be one of %s (got %q)", strings.Join(Providers, ", "), p)
}

// View is how a token is shown: never the value itself unless asked.
type View struct {
	Provider     string    `json:"provider"`
	Profile      string    `json:"profile"`
	Token        string    `json:"token"`
	IssuedAt     time.Time `json:"issued_at"`
	ExpiresAt    time.Time `json:"expires_at"`
	ExpiresIn    string    `json:"expires_in"`
	Valid        bool      `json:"valid"`
	RefreshToken string    `json:"refresh_token,omitempty"`
}

// NewView describes t; reveal shows the secret values (--show-secrets).
func NewView(provider, profile string, t *tokencache.Token, now time.Time, reveal bool) View {
	v := View{Provider: provider, Profile: profile, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt, Valid: t.Valid(now, 0)}
	v.Token, v.RefreshToken = config.Mask(t.Value), config.Mask(t.RefreshToken)
	if reveal {
		v.Token, v.RefreshToken = t.Value, t.RefreshToken
	}
	if v.Valid {
		v.ExpiresIn = t.ExpiresAt.Sub(now).Round(time.Second).String()
	} else {
		v.ExpiresIn = "expired"
	}
	return v
}

// Print writes the view.
func Print(ios *iostreams.IOStreams, oo output.Options, v View) error {
	return output.Print(ios.Out, oo, output.Result{Data: v, Table: func(w io.Writer) error {
		cs := ios.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("provider", v.Provider)
		kv.Add("profile", v.Profile)
		kv.Add("token", v.Token)
		kv.Add("issued", v.IssuedAt.Local().Format("2006-01-02 15:04:05"))
		exp := v.ExpiresAt.Local().Format("2006-01-02 15:04:05")
		if v.Valid {
			exp += " (in " + v.ExpiresIn + ")"
		} else {
			exp = cs.Red(exp + " (expired)")
		}
		kv.Add("expires", exp)
		if v.RefreshToken != "" {
			kv.Add("refresh token", v.RefreshToken+" (single use)")
		}
		if err := kv.Render(w); err != nil {
			return err
		}
		if !strings.Contains(v.Token, "*") || v.Token == "" {
			return nil
		}
		_, err := fmt.Fprintln(ios.ErrOut, cs.Gray("token values are masked; add --show-secrets to print them"))
		return err
	}})
}
